using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace FunAsr.Tests.Learning;

/// <summary>Taking a quiz: grading, mastery (BKT), the plan (outer fringe, FSRS reviews) and the records it leaves.</summary>
public sealed class AttemptTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private LearningScenario _scenario = null!;
    private JsonElement _quiz;

    public async Task InitializeAsync()
    {
        _scenario = new LearningScenario(time: _time);
        await _scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        _quiz = await _scenario.PublishedQuizAsync(LearningFixtures.DeveloperWeek);
    }

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    private string QuizId => _quiz.GetProperty("id").GetString()!;

    private async Task<JsonElement> AttemptAsync(HttpClient client, object[] answers)
    {
        using var response = await client.PostAsJsonAsync($"/api/learning/quizzes/{QuizId}/attempts", new { answers });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    [Fact]
    public async Task Each_item_is_graded_with_the_right_answer_and_the_moment_that_teaches_it()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        var cloze = _quiz.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "cloze");
        // One true/false item answered wrong, however many the lecture's concepts make.
        var wrongId = _quiz.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "trueFalse").GetProperty("id").GetInt32();
        var answers = LearningScenario.Answers(_quiz, wrong: i => i.GetProperty("id").GetInt32() == wrongId).ToList();
        // A typed answer with a typo still counts.
        var misspelt = cloze.GetProperty("accepted")[0].GetString()!.Replace("pipeline", "pipline").Replace("email", "emial");
        answers[answers.FindIndex(a => JsonSerializer.SerializeToElement(a).GetProperty("itemId").GetInt32() == cloze.GetProperty("id").GetInt32())] =
            new { itemId = cloze.GetProperty("id").GetInt32(), response = misspelt, mode = "text" };
        var result = await AttemptAsync(employee, [.. answers]);

        var items = result.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetInt32());
        var tf = _quiz.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "trueFalse");
        Assert.False(items[tf.GetProperty("id").GetInt32()].GetProperty("correct").GetBoolean());
        Assert.True(items[cloze.GetProperty("id").GetInt32()].GetProperty("correct").GetBoolean());
        var wrongMoment = items[tf.GetProperty("id").GetInt32()].GetProperty("moment");
        Assert.Equal(tf.GetProperty("moment").GetProperty("text").GetString(), wrongMoment.GetProperty("text").GetString());
        Assert.Equal(tf.GetProperty("choices")[tf.GetProperty("correct").GetInt32()].GetString(), items[tf.GetProperty("id").GetInt32()].GetProperty("correctAnswer").GetString());
        var total = result.GetProperty("total").GetInt32();
        Assert.Equal(total - 1, result.GetProperty("correct").GetInt32());
        Assert.Equal(Math.Round((total - 1.0) / total, 4), result.GetProperty("score").GetDouble(), 4);
        Assert.True(result.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Bad_attempts_are_refused_with_problem_details()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        using var empty = await employee.PostAsJsonAsync($"/api/learning/quizzes/{QuizId}/attempts", new { answers = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("no_answers", (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var unknown = await employee.PostAsJsonAsync($"/api/learning/quizzes/{QuizId}/attempts", new { answers = new[] { new { itemId = 424242, response = "x" } } });
        Assert.Equal("unknown_item", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var huge = await employee.PostAsJsonAsync($"/api/learning/quizzes/{QuizId}/attempts",
            new { answers = new[] { new { itemId = _quiz.GetProperty("items")[0].GetProperty("id").GetInt32(), response = new string('a', 5000) } } });
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        using var malformed = await employee.PostAsync($"/api/learning/quizzes/{QuizId}/attempts", new StringContent("{\"answers\": [", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.PostAsJsonAsync($"/api/learning/quizzes/{Guid.NewGuid()}/attempts", new { answers = new[] { new { itemId = 1 } } })).StatusCode);
    }

    [Fact]
    public async Task Mastery_rises_with_right_answers_until_the_points_are_mastered_and_the_plan_moves_on()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        var before = await employee.GetFromJsonAsync<JsonElement>("/api/learning/me/plan");
        var ready = before.GetProperty("ready").EnumerateArray().Select(p => p.GetProperty("label").GetString()).ToList();
        Assert.Contains("code review", ready);
        Assert.Equal(LearningFixtures.DeveloperWeek, before.GetProperty("next")[0].GetProperty("lectureId").GetString());
        Assert.Equal(QuizId, before.GetProperty("next")[0].GetProperty("quizId").GetString());
        Assert.Equal(0, before.GetProperty("mastered").GetInt32());

        var first = await AttemptAsync(employee, LearningScenario.Answers(_quiz));
        var change = first.GetProperty("mastery").EnumerateArray().First();
        Assert.Equal(0.3, change.GetProperty("before").GetDouble(), 3);
        Assert.True(change.GetProperty("after").GetDouble() > 0.6);
        for (var day = 1; day <= 4; day++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            await AttemptAsync(employee, LearningScenario.Answers(_quiz));
        }
        var mastery = await employee.GetFromJsonAsync<JsonElement>("/api/learning/me/mastery");
        var points = mastery.GetProperty("items").EnumerateArray().ToDictionary(p => p.GetProperty("label").GetString()!);
        Assert.True(points["code review"].GetProperty("mastered").GetBoolean());
        Assert.True(points["code review"].GetProperty("known").GetDouble() >= 0.95);
        Assert.True(points["code review"].GetProperty("answers").GetInt32() >= 5);
        // The chart: one sample per attempt, the average rising.
        var history = mastery.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("average").GetDouble()).ToList();
        Assert.Equal(5, history.Count);
        Assert.True(history.Zip(history.Skip(1)).All(p => p.Second >= p.First));

        var after = await employee.GetFromJsonAsync<JsonElement>("/api/learning/me/plan");
        Assert.DoesNotContain("code review", after.GetProperty("ready").EnumerateArray().Select(p => p.GetProperty("label").GetString()));
        Assert.True(after.GetProperty("mastered").GetInt32() > 0);

        // A colleague's mastery is their own.
        using var colleague = _scenario.As(LearningScenario.Colleague);
        Assert.Equal(0, (await colleague.GetFromJsonAsync<JsonElement>("/api/learning/me/mastery")).GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task A_wrong_answer_brings_a_review_back_sooner_and_due_reviews_lead_the_plan()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        // One point's item is answered wrong, the other single-point items right; the matching item is left out.
        var items = _quiz.GetProperty("items").EnumerateArray().ToList();
        var missedPoint = items.First(i => i.GetProperty("kind").GetString() == "cloze").GetProperty("points")[0].GetProperty("id").GetInt32();
        bool TestsMissed(JsonElement item) => item.GetProperty("points").EnumerateArray().Any(p => p.GetProperty("id").GetInt32() == missedPoint);
        var single = items.Where(i => i.GetProperty("kind").GetString() != "matching").Select(i => i.GetProperty("id").GetInt32()).ToHashSet();
        var answers = LearningScenario.Answers(_quiz, wrong: TestsMissed).Where(a => single.Contains(JsonSerializer.SerializeToElement(a).GetProperty("itemId").GetInt32())).ToArray();
        var result = await AttemptAsync(employee, answers);
        var changes = result.GetProperty("mastery").EnumerateArray().ToDictionary(c => c.GetProperty("pointId").GetInt32());
        var missed = changes[missedPoint];
        Assert.True(missed.GetProperty("after").GetDouble() < 0.3);
        Assert.All(changes.Values.Where(c => c.GetProperty("pointId").GetInt32() != missedPoint), c =>
        {
            Assert.True(c.GetProperty("after").GetDouble() > 0.3);
            Assert.True(missed.GetProperty("due").GetDateTime() < c.GetProperty("due").GetDateTime());
        });
        Assert.Empty((await employee.GetFromJsonAsync<JsonElement>("/api/learning/me/plan")).GetProperty("reviews").EnumerateArray());

        _time.Advance(TimeSpan.FromDays(1.5));
        var plan = await employee.GetFromJsonAsync<JsonElement>("/api/learning/me/plan");
        var review = Assert.Single(plan.GetProperty("reviews").EnumerateArray());
        Assert.Equal(missedPoint, review.GetProperty("pointId").GetInt32());
        Assert.InRange(review.GetProperty("recall").GetDouble(), 0.01, 0.99);
        Assert.Equal(LearningFixtures.DeveloperWeek, review.GetProperty("moment").GetProperty("lectureId").GetString());
        Assert.Equal(QuizId, review.GetProperty("quizId").GetString());
    }

    [Fact]
    public async Task A_point_waits_until_its_confirmed_prerequisite_is_mastered()
    {
        using var trainer = _scenario.As(LearningScenario.Trainer);
        using var employee = _scenario.As(LearningScenario.Employee);
        var nodes = (await employee.GetFromJsonAsync<JsonElement>("/api/learning/graph")).GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("label").GetString()!, n => n.GetProperty("id").GetInt32());
        using var added = await trainer.PostAsJsonAsync("/api/learning/prerequisites", new { prerequisiteId = nodes["build pipeline"], pointId = nodes["on-call rotation"] });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var plan = await employee.GetFromJsonAsync<JsonElement>("/api/learning/me/plan");
        Assert.DoesNotContain("on-call rotation", plan.GetProperty("ready").EnumerateArray().Select(p => p.GetProperty("label").GetString()));
        Assert.True(plan.GetProperty("blocked").GetInt32() >= 1);
        for (var day = 0; day < 5; day++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            await AttemptAsync(employee, LearningScenario.Answers(_quiz, wrong: i => i.GetProperty("points").EnumerateArray().Any(p => p.GetProperty("label").GetString() == "on-call rotation")));
        }
        plan = await employee.GetFromJsonAsync<JsonElement>("/api/learning/me/plan");
        Assert.Contains("on-call rotation", plan.GetProperty("ready").EnumerateArray().Select(p => p.GetProperty("label").GetString()));
    }
}
