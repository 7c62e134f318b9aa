using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunAsr.Tests.Learning;

/// <summary>Quizzes from a lecture: drafted by the rules, reviewed by content users, taken by employees.</summary>
public sealed class QuizTests : IAsyncLifetime
{
    private readonly LearningScenario _scenario = new();

    public async Task InitializeAsync()
    {
        await _scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        await _scenario.PublishLectureAsync(LearningFixtures.FoodSafety);
    }

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    private static IEnumerable<JsonElement> Items(JsonElement quiz) => quiz.GetProperty("items").EnumerateArray();

    [Fact]
    public async Task A_generated_quiz_mixes_kinds_ties_each_item_to_points_and_the_answering_sentence()
    {
        using var trainer = _scenario.As(LearningScenario.Trainer);
        using var created = await trainer.PostAsync($"/api/learning/lectures/{LearningFixtures.DeveloperWeek}/quiz", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var quiz = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("draft", quiz.GetProperty("status").GetString());
        var kinds = Items(quiz).Select(i => i.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "cloze", "multipleChoice", "trueFalse", "matching" }, kinds);
        var lecture = LearningFixtures.Content(LearningFixtures.DeveloperWeek);
        foreach (var item in Items(quiz))
        {
            Assert.NotEmpty(item.GetProperty("points").EnumerateArray());
            var moment = item.GetProperty("moment");
            var sentence = lecture.Sentences[moment.GetProperty("sentence").GetInt32()];
            Assert.Equal(sentence.Text, moment.GetProperty("text").GetString());
            Assert.Equal(sentence.Start, moment.GetProperty("start").GetDouble(), 3);
        }
        var cloze = Items(quiz).First(i => i.GetProperty("kind").GetString() == "cloze");
        var answer = cloze.GetProperty("accepted")[0].GetString()!;
        Assert.Contains("____", cloze.GetProperty("prompt").GetString());
        Assert.DoesNotContain(answer, cloze.GetProperty("prompt").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(answer, cloze.GetProperty("moment").GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);

        var choice = Items(quiz).First(i => i.GetProperty("kind").GetString() == "multipleChoice");
        var choices = choice.GetProperty("choices").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(4, choices.Count);
        Assert.Equal(choices.Count, choices.Distinct().Count());
        // The distractors are the lecture's other concepts, never one the sentence itself says.
        var points = (await trainer.GetFromJsonAsync<JsonElement>($"/api/learning/graph?lectureId={LearningFixtures.DeveloperWeek}"))
            .GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("label").GetString()).ToHashSet();
        Assert.All(choices, c => Assert.Contains(c, points));
        var correct = choices[choice.GetProperty("correct").GetInt32()];
        Assert.All(choices.Where(c => c != correct), c => Assert.DoesNotContain(c, choice.GetProperty("moment").GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase));

        var matching = Items(quiz).Single(i => i.GetProperty("kind").GetString() == "matching");
        Assert.Equal(matching.GetProperty("terms").GetArrayLength(), matching.GetProperty("definitions").GetArrayLength());
        Assert.All(matching.GetProperty("definitions").EnumerateArray(), d => Assert.Contains("____", d.GetString()));
    }

    [Fact]
    public async Task A_chinese_lecture_gets_chinese_items()
    {
        var quiz = await _scenario.PublishedQuizAsync(LearningFixtures.FoodSafety);
        var cloze = Items(quiz).First(i => i.GetProperty("kind").GetString() == "cloze");
        Assert.StartsWith("填空：", cloze.GetProperty("prompt").GetString());
        var tf = Items(quiz).First(i => i.GetProperty("kind").GetString() == "trueFalse");
        Assert.Equal(["正确", "错误"], tf.GetProperty("choices").EnumerateArray().Select(c => c.GetString()!).ToArray());
    }

    [Fact]
    public async Task Employees_see_only_published_approved_items_and_never_the_answers()
    {
        using var trainer = _scenario.As(LearningScenario.Trainer);
        using var employee = _scenario.As(LearningScenario.Employee);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.PostAsync($"/api/learning/lectures/{LearningFixtures.DeveloperWeek}/quiz", null)).StatusCode);
        var draft = await (await trainer.PostAsync($"/api/learning/lectures/{LearningFixtures.DeveloperWeek}/quiz", null)).Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetString();
        Assert.Empty(await employee.GetFromJsonAsync<JsonElement[]>("/api/learning/quizzes") ?? []);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/api/learning/quizzes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync($"/api/learning/quizzes/{id}/review")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await trainer.PostAsJsonAsync($"/api/learning/quizzes/{id}/publish", new { })).StatusCode);

        var items = Items(draft).ToList();
        await trainer.PostAsync($"/api/learning/quizzes/{id}/items/{items[0].GetProperty("id").GetInt32()}/approve", null);
        await trainer.PostAsync($"/api/learning/quizzes/{id}/items/{items[1].GetProperty("id").GetInt32()}/approve", null);
        Assert.Equal(HttpStatusCode.NoContent, (await trainer.DeleteAsync($"/api/learning/quizzes/{id}/items/{items[2].GetProperty("id").GetInt32()}")).StatusCode);
        Assert.True((await trainer.PostAsJsonAsync($"/api/learning/quizzes/{id}/publish", new { })).IsSuccessStatusCode);

        using var view = await employee.GetAsync($"/api/learning/quizzes/{id}");
        var body = await view.Content.ReadAsStringAsync();
        var seen = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToArray();
        Assert.Equal([items[0].GetProperty("id").GetInt32(), items[1].GetProperty("id").GetInt32()], seen);
        Assert.DoesNotContain("accepted", body);
        Assert.DoesNotContain("\"correct\"", body);
        Assert.DoesNotContain("moment", body);
        var listed = await employee.GetFromJsonAsync<JsonElement[]>("/api/learning/quizzes");
        Assert.Equal(2, listed!.Single().GetProperty("items").GetInt32());
    }

    [Fact]
    public async Task Content_users_edit_items_and_invalid_edits_are_refused()
    {
        using var trainer = _scenario.As(LearningScenario.Trainer);
        var draft = await (await trainer.PostAsync($"/api/learning/lectures/{LearningFixtures.DeveloperWeek}/quiz", null)).Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetString();
        var choice = Items(draft).First(i => i.GetProperty("kind").GetString() == "multipleChoice");
        var cloze = Items(draft).First(i => i.GetProperty("kind").GetString() == "cloze");
        var path = $"/api/learning/quizzes/{id}/items/{choice.GetProperty("id").GetInt32()}";
        Assert.Equal(HttpStatusCode.BadRequest, (await trainer.PutAsJsonAsync(path, new { correct = 7 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await trainer.PutAsJsonAsync(path, new { choices = new[] { "only one" } })).StatusCode);
        var edited = await (await trainer.PutAsJsonAsync(path, new { prompt = "Which check does a colleague make before a merge?", correct = 2 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Which check does a colleague make before a merge?", edited.GetProperty("prompt").GetString());
        Assert.Equal(2, edited.GetProperty("correct").GetInt32());
        Assert.Equal("edited", edited.GetProperty("writer").GetString());

        var clozePath = $"/api/learning/quizzes/{id}/items/{cloze.GetProperty("id").GetInt32()}";
        Assert.Equal(HttpStatusCode.BadRequest, (await trainer.PutAsJsonAsync(clozePath, new { accepted = new[] { " " } })).StatusCode);
        var accepted = await (await trainer.PutAsJsonAsync(clozePath, new { accepted = new[] { cloze.GetProperty("accepted")[0].GetString(), "CI pipeline" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, accepted.GetProperty("accepted").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await trainer.PutAsJsonAsync($"/api/learning/quizzes/{id}/items/999999", new { prompt = "x" })).StatusCode);
        // Not known here and no Q&A service to ask: a problem, not a crash.
        using var unknown = await trainer.PostAsync("/api/learning/lectures/no-such-lecture/quiz", null);
        Assert.Contains(unknown.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.ServiceUnavailable });
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }
}
