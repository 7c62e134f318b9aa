using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Learning;

/// <summary>Learning records as xAPI 1.0.3 statements: what is recorded, the query an admin or LRS tool makes, and voiding.</summary>
public sealed class RecordsTests : IAsyncLifetime
{
    private const string Answered = "http://adlnet.gov/expapi/verbs/answered";
    private readonly LearningScenario _scenario = new();
    private JsonElement _quiz;

    public async Task InitializeAsync()
    {
        await _scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        _quiz = await _scenario.PublishedQuizAsync(LearningFixtures.DeveloperWeek);
    }

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    private static string Agent(string userId) => Uri.EscapeDataString(JsonSerializer.Serialize(new { objectType = "Agent", account = new { homePage = "https://funasr.local", name = userId } }));

    private async Task TakeQuizAsync(HttpClient client, string mode = "text")
    {
        using var response = await client.PostAsJsonAsync($"/api/learning/quizzes/{_quiz.GetProperty("id").GetString()}/attempts", new { answers = LearningScenario.Answers(_quiz, mode: mode) });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_attempt_records_answered_statements_with_interactions_and_a_passed_statement()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        await TakeQuizAsync(employee, mode: "voice");
        using var admin = _scenario.As(LearningScenario.Admin);
        using var response = await admin.GetAsync($"/api/learning/statements?agent={Agent(LearningScenario.Employee.Subject)}&limit=0");
        Assert.Equal("1.0.3", response.Headers.GetValues("X-Experience-API-Version").Single());
        var statements = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statements").EnumerateArray().ToList();
        var items = _quiz.GetProperty("items").GetArrayLength();
        var answered = statements.Where(s => s.GetProperty("verb").GetProperty("id").GetString() == Answered).ToList();
        Assert.Equal(items, answered.Count);
        Assert.Single(statements, s => s.GetProperty("verb").GetProperty("id").GetString() == "http://adlnet.gov/expapi/verbs/passed");

        var types = answered.Select(s => s.GetProperty("object").GetProperty("definition").GetProperty("interactionType").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "fill-in", "choice", "true-false", "matching" }, types);
        var choice = answered.First(s => s.GetProperty("object").GetProperty("definition").GetProperty("interactionType").GetString() == "choice");
        var definition = choice.GetProperty("object").GetProperty("definition");
        Assert.Equal(4, definition.GetProperty("choices").GetArrayLength());
        Assert.Equal(choice.GetProperty("result").GetProperty("response").GetString(), definition.GetProperty("correctResponsesPattern")[0].GetString());
        Assert.True(choice.GetProperty("result").GetProperty("success").GetBoolean());
        Assert.Equal("PT12S", choice.GetProperty("result").GetProperty("duration").GetString());
        Assert.Equal("voice", choice.GetProperty("result").GetProperty("extensions").EnumerateObject().Single().Value.GetString());
        // One attempt's statements share its registration, under the quiz.
        Assert.Single(answered.Select(s => s.GetProperty("context").GetProperty("registration").GetString()).Distinct());
        Assert.EndsWith(_quiz.GetProperty("id").GetString()!, choice.GetProperty("context").GetProperty("contextActivities").GetProperty("parent")[0].GetProperty("id").GetString());
        var actor = choice.GetProperty("actor");
        Assert.Equal(LearningScenario.Employee.Subject, actor.GetProperty("account").GetProperty("name").GetString());
        Assert.Equal("1.0.3", choice.GetProperty("version").GetString());
        Assert.True(choice.TryGetProperty("stored", out _));
    }

    [Fact]
    public async Task Only_admins_read_records_and_the_query_filters_and_pages_like_an_lrs()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        using var colleague = _scenario.As(LearningScenario.Colleague);
        await TakeQuizAsync(employee);
        await TakeQuizAsync(colleague);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/learning/statements")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _scenario.As(LearningScenario.Trainer).GetAsync("/api/learning/statements")).StatusCode);

        using var admin = _scenario.As(LearningScenario.Admin);
        var mine = (await admin.GetFromJsonAsync<JsonElement>($"/api/learning/statements?agent={Agent(LearningScenario.Colleague.Subject)}&verb={Uri.EscapeDataString(Answered)}&limit=0"))
            .GetProperty("statements").EnumerateArray().ToList();
        Assert.Equal(_quiz.GetProperty("items").GetArrayLength(), mine.Count);
        Assert.All(mine, s => Assert.Equal(LearningScenario.Colleague.Subject, s.GetProperty("actor").GetProperty("account").GetProperty("name").GetString()));

        // Paging: 'more' until it is empty visits every statement once, newest first.
        var all = (await admin.GetFromJsonAsync<JsonElement>("/api/learning/statements?limit=0")).GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        var paged = new List<string?>();
        var next = "/api/learning/statements?limit=3";
        while (!string.IsNullOrEmpty(next))
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(next);
            paged.AddRange(page.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
            next = page.GetProperty("more").GetString();
        }
        Assert.Equal(all, paged);
        var ascending = (await admin.GetFromJsonAsync<JsonElement>("/api/learning/statements?limit=0&ascending=true")).GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("id").GetString());
        Assert.Equal(all.AsEnumerable().Reverse(), ascending);

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/learning/statements?since={future}")).GetProperty("statements").EnumerateArray());
        var other = Uri.EscapeDataString("{\"objectType\":\"Agent\",\"mbox\":\"mailto:someone@example.com\"}");
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/learning/statements?agent={other}")).GetProperty("statements").EnumerateArray());
        foreach (var bad in new[] { "agent=%7Bnope", "since=yesterday", "limit=-1", "more=abc", "registration=12" })
        {
            using var refused = await admin.GetAsync($"/api/learning/statements?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    [Fact]
    public async Task A_correction_voids_a_statement_and_the_store_refuses_to_be_edited()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        await TakeQuizAsync(employee);
        using var admin = _scenario.As(LearningScenario.Admin);
        var target = (await admin.GetFromJsonAsync<JsonElement>($"/api/learning/statements?verb={Uri.EscapeDataString(Answered)}&limit=1")).GetProperty("statements")[0];
        var id = target.GetProperty("id").GetString();
        using var voided = await admin.PostAsync($"/api/learning/statements/{id}/void", null);
        var voiding = await voided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http://adlnet.gov/expapi/verbs/voided", voiding.GetProperty("verb").GetProperty("id").GetString());
        Assert.Equal("StatementRef", voiding.GetProperty("object").GetProperty("objectType").GetString());

        var ids = (await admin.GetFromJsonAsync<JsonElement>("/api/learning/statements?limit=0")).GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(id, ids);
        Assert.Contains(voiding.GetProperty("id").GetString(), ids);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/learning/statements?statementId={id}")).GetProperty("statements").EnumerateArray());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/api/learning/statements?voidedStatementId={id}")).GetProperty("statements").EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/learning/statements/{id}/void", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/learning/statements/{voiding.GetProperty("id").GetString()}/void", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/learning/statements/{Guid.NewGuid()}/void", null)).StatusCode);

        await using var scope = _scenario.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.Statements.ExecuteUpdateAsync(s => s.SetProperty(x => x.Json, "{}")));
        Assert.Contains("append-only", update.Message + update.InnerException?.Message);
    }

    [Fact]
    public async Task Playback_reports_record_experienced_progressed_and_completed_once_each()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        var lecture = LearningFixtures.Content(LearningFixtures.DeveloperWeek);
        var duration = lecture.Duration;
        async Task<JsonElement> ReportAsync(double from, double to)
        {
            using var response = await employee.PostAsJsonAsync("/api/learning/progress", new { lectureId = lecture.Id, from, to });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            return body;
        }
        var first = await ReportAsync(0, 10);
        Assert.Equal(Math.Round(10 / duration, 4), first.GetProperty("progress").GetDouble(), 4);
        // Watching the same stretch again does not count twice.
        Assert.Equal(10, (await ReportAsync(2, 10)).GetProperty("watched").GetDouble(), 2);
        for (var at = 10.0; at < duration; at += 20)
        {
            await ReportAsync(at, Math.Min(duration, at + 20));
        }
        var done = await employee.GetFromJsonAsync<JsonElement[]>("/api/learning/me/progress");
        Assert.True(done!.Single().GetProperty("completed").GetBoolean());

        foreach (var (body, code) in new (object, string)[]
                 {
                     (new { lectureId = lecture.Id, from = 10, to = 5 }, "invalid_range"),
                     (new { lectureId = lecture.Id, from = 0, to = 900 }, "range_too_long"),
                     (new { lectureId = "", from = 0, to = 1 }, "missing_lecture"),
                 })
        {
            using var refused = await employee.PostAsJsonAsync("/api/learning/progress", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(code, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using var admin = _scenario.As(LearningScenario.Admin);
        var verbs = (await admin.GetFromJsonAsync<JsonElement>($"/api/learning/statements?agent={Agent(LearningScenario.Employee.Subject)}&limit=0"))
            .GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString()).ToList();
        Assert.Equal(1, verbs.Count(v => v == "experienced"));
        Assert.Equal(1, verbs.Count(v => v == "completed"));
        // One per report that reached a new tenth of the lecture (12 %, 36 %, 60 %, 84 %), none after completion.
        Assert.Equal(4, verbs.Count(v => v == "progressed"));
    }

    [Fact]
    public async Task An_asked_question_is_recorded_once_with_the_bots_answer()
    {
        await _scenario.PublishQuestionAsync(LearningScenario.Employee, "What is a code review?", "A code review is the check a colleague makes.", true, LearningFixtures.DeveloperWeek);
        var handler = _scenario.Host.Services.GetRequiredService<FunAsr.Learning.Questions.QuestionEventHandler>();
        var again = new FunAsr.Learning.Questions.QuestionEvent(Guid.NewGuid(), null, null, null, "no asker", "x", false, "en", null, DateTimeOffset.UtcNow);
        await handler.HandleAsync(JsonSerializer.Serialize(again, JsonSerializerOptions.Web), CancellationToken.None);
        await handler.HandleAsync("][", CancellationToken.None);

        using var admin = _scenario.As(LearningScenario.Admin);
        var asked = (await admin.GetFromJsonAsync<JsonElement>($"/api/learning/statements?verb={Uri.EscapeDataString("http://adlnet.gov/expapi/verbs/asked")}"))
            .GetProperty("statements").EnumerateArray().ToList();
        var statement = Assert.Single(asked);
        Assert.Equal("What is a code review?", statement.GetProperty("object").GetProperty("definition").GetProperty("name").GetProperty("en-US").GetString());
        Assert.Equal("A code review is the check a colleague makes.", statement.GetProperty("result").GetProperty("response").GetString());
        Assert.EndsWith(LearningFixtures.DeveloperWeek, statement.GetProperty("context").GetProperty("contextActivities").GetProperty("other")[0].GetProperty("id").GetString());
    }
}
