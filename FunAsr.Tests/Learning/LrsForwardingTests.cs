using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FunAsr.Tests.Learning;

/// <summary>
/// Forwarding to a company LRS, tested against a conforming one (Learning Locker's xAPI statement service, started by the
/// test): every statement arrives once with its id, nothing is lost while the LRS is down or refuses the credentials.
/// </summary>
public sealed class LrsForwardingTests
{
    private static Dictionary<string, string?> Settings(string endpoint, string secret = LocalLrs.Secret) => new()
    {
        ["Learning:Lrs:Endpoint"] = endpoint,
        ["Learning:Lrs:Username"] = LocalLrs.Key,
        ["Learning:Lrs:Password"] = secret,
        ["Learning:Lrs:PollInterval"] = "00:00:00.200",
        ["Learning:Lrs:FirstRetry"] = "00:00:00.300",
        ["Learning:Lrs:MaxRetry"] = "00:00:01",
    };

    private static async Task<JsonElement> WaitForOutboxAsync(HttpClient admin, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await admin.GetFromJsonAsync<JsonElement>("/api/learning/lrs");
            if (condition(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }
            await Task.Delay(100);
        }
    }

    private static async Task<List<string>> OurStatementIdsAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/learning/statements?limit=0&ascending=true")).GetProperty("statements").EnumerateArray()
        .Select(s => s.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task The_lrs_receives_every_statement_with_the_version_header_and_basic_auth()
    {
        await using var lrs = await LocalLrs.StartAsync();
        // A conforming LRS refuses requests without the version header or the credentials.
        using (var noVersion = lrs.Client())
        {
            noVersion.DefaultRequestHeaders.Remove("X-Experience-API-Version");
            Assert.Equal(HttpStatusCode.BadRequest, (await noVersion.GetAsync("statements")).StatusCode);
        }
        using (var wrong = lrs.Client(secret: "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("statements")).StatusCode);
        }

        await using var scenario = new LearningScenario(Settings(lrs.Endpoint));
        await scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        var quiz = await scenario.PublishedQuizAsync(LearningFixtures.DeveloperWeek);
        using var employee = scenario.As(LearningScenario.Employee);
        (await employee.PostAsJsonAsync($"/api/learning/quizzes/{quiz.GetProperty("id").GetString()}/attempts", new { answers = LearningScenario.Answers(quiz) })).EnsureSuccessStatusCode();
        (await employee.PostAsJsonAsync("/api/learning/progress", new { lectureId = LearningFixtures.DeveloperWeek, from = 0, to = 30 })).EnsureSuccessStatusCode();
        await scenario.PublishQuestionAsync(LearningScenario.Employee, "What is a build pipeline?", "The automated process that compiles, tests and packages every change.", true, LearningFixtures.DeveloperWeek);

        using var admin = scenario.As(LearningScenario.Admin);
        var ours = await OurStatementIdsAsync(admin);
        var received = await lrs.WaitForStatementsAsync(s => s.Count >= ours.Count, TimeSpan.FromSeconds(30));
        Assert.Equal(ours.Order(), received.Select(s => s.GetProperty("id").GetString()!).Order());
        var verbs = received.Select(s => s.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "answered", "passed", "experienced", "progressed", "asked" }, verbs);
        // The LRS has them as we issued them, and stamps its own authority.
        var answered = received.First(s => s.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString() == "answered");
        Assert.Equal(LearningScenario.Employee.Subject, answered.GetProperty("actor").GetProperty("account").GetProperty("name").GetString());
        Assert.Equal("FunAsr tests", answered.GetProperty("authority").GetProperty("name").GetString());
        var status = await WaitForOutboxAsync(admin, s => s.GetProperty("waiting").GetInt32() == 0);
        Assert.Equal(0, status.GetProperty("waiting").GetInt32());
        Assert.Equal(0, status.GetProperty("refused").GetInt32());

        // A voiding statement reaches the LRS too, and the LRS stops returning the voided one.
        var target = received.First(s => s.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString() == "progressed").GetProperty("id").GetString();
        (await admin.PostAsync($"/api/learning/statements/{target}/void", null)).EnsureSuccessStatusCode();
        var after = await lrs.WaitForStatementsAsync(s => s.All(x => x.GetProperty("id").GetString() != target), TimeSpan.FromSeconds(30));
        Assert.True(after.All(s => s.GetProperty("id").GetString() != target), (await admin.GetStringAsync("/api/learning/lrs")) + lrs.Output);
    }

    [Fact]
    public async Task Statements_wait_in_the_outbox_while_the_lrs_is_down_and_arrive_once_it_is_up()
    {
        var port = LocalLrs.FreePort();
        await using var scenario = new LearningScenario(Settings($"http://127.0.0.1:{port}/xAPI"));
        await scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        using var employee = scenario.As(LearningScenario.Employee);
        for (var at = 0; at < 60; at += 20)
        {
            (await employee.PostAsJsonAsync("/api/learning/progress", new { lectureId = LearningFixtures.DeveloperWeek, from = at, to = at + 20 })).EnsureSuccessStatusCode();
        }
        using var admin = scenario.As(LearningScenario.Admin);
        var ours = await OurStatementIdsAsync(admin);
        var waiting = await WaitForOutboxAsync(admin, s => s.GetProperty("lastError").ValueKind == JsonValueKind.String);
        Assert.Equal(ours.Count, waiting.GetProperty("waiting").GetInt32());
        Assert.True(waiting.GetProperty("nextAttempt").GetDateTime() > DateTime.UtcNow.AddMilliseconds(-500));

        await using var lrs = await LocalLrs.StartAsync(port);
        var received = await lrs.WaitForStatementsAsync(s => s.Count >= ours.Count, TimeSpan.FromSeconds(30));
        Assert.Equal(ours.Order(), received.Select(s => s.GetProperty("id").GetString()!).Order());
        Assert.Equal(0, (await WaitForOutboxAsync(admin, s => s.GetProperty("waiting").GetInt32() == 0)).GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task Wrong_credentials_keep_statements_waiting()
    {
        await using var lrs = await LocalLrs.StartAsync();
        await using var scenario = new LearningScenario(Settings(lrs.Endpoint, secret: "not-the-secret"));
        await scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        using var employee = scenario.As(LearningScenario.Employee);
        (await employee.PostAsJsonAsync("/api/learning/progress", new { lectureId = LearningFixtures.DeveloperWeek, from = 0, to = 20 })).EnsureSuccessStatusCode();
        using var admin = scenario.As(LearningScenario.Admin);
        var status = await WaitForOutboxAsync(admin, s => s.GetProperty("lastError").ValueKind == JsonValueKind.String);
        Assert.StartsWith("401", status.GetProperty("lastError").GetString());
        Assert.Equal((await OurStatementIdsAsync(admin)).Count, status.GetProperty("waiting").GetInt32());
        Assert.Empty(await lrs.StatementsAsync());
    }

    [Fact]
    public async Task A_statement_the_lrs_holds_differently_is_kept_as_refused_and_the_rest_still_arrive()
    {
        await using var lrs = await LocalLrs.StartAsync();
        // Statement ids derive from what they record: someone already put a different statement under the id of this
        // learner's first "experienced".
        var clash = FunAsr.Learning.Records.StatementFactory.DeterministicId($"experienced:{LearningScenario.Employee.Subject}:{LearningFixtures.DeveloperWeek}");
        var foreign = $$$"""[{"id":"{{{clash}}}","actor":{"objectType":"Agent","mbox":"mailto:other@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended","display":{"en-US":"attended"}},"object":{"id":"https://example.com/a"}}]""";
        using (var client = lrs.Client())
        {
            (await client.PostAsync("statements", new StringContent(foreign, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        await using var scenario = new LearningScenario(Settings(lrs.Endpoint));
        await scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        using var employee = scenario.As(LearningScenario.Employee);
        (await employee.PostAsJsonAsync("/api/learning/progress", new { lectureId = LearningFixtures.DeveloperWeek, from = 0, to = 30 })).EnsureSuccessStatusCode();
        using var admin = scenario.As(LearningScenario.Admin);
        var status = await WaitForOutboxAsync(admin, s => s.GetProperty("waiting").GetInt32() == 0);
        Assert.Equal(1, status.GetProperty("refused").GetInt32());

        var held = await lrs.StatementsAsync();
        Assert.Equal("attended", held.Single(s => s.GetProperty("id").GetString() == clash.ToString()).GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString());
        Assert.Contains(held, s => s.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString() == "progressed");
    }
}
