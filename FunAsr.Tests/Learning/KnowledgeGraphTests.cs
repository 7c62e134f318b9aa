using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunAsr.Tests.Learning;

/// <summary>Knowledge points from published lectures, merged across lectures, and prerequisites a content user decides.</summary>
public sealed class KnowledgeGraphTests : IAsyncLifetime
{
    private readonly LearningScenario _scenario = new();

    public async Task InitializeAsync()
    {
        await _scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        await _scenario.PublishLectureAsync(LearningFixtures.SecurityBasics);
        await _scenario.PublishLectureAsync(LearningFixtures.FoodSafety);
    }

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    private static Dictionary<string, JsonElement> Nodes(JsonElement graph) =>
        graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("label").GetString()!);

    [Fact]
    public async Task Lectures_become_knowledge_points_and_a_concept_taught_twice_is_one_point()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        var nodes = Nodes(await employee.GetFromJsonAsync<JsonElement>("/api/learning/graph"));
        foreach (var label in new[] { "build pipeline", "code review", "two-factor authentication", "phishing email", "password manager", "交叉污染", "六步洗手法", "冷链", "保质期" })
        {
            Assert.True(nodes.ContainsKey(label), $"no knowledge point '{label}' among {string.Join(", ", nodes.Keys)}");
        }
        Assert.Equal(2, nodes["phishing email"].GetProperty("lectures").GetInt32());
        Assert.Equal(1, nodes["build pipeline"].GetProperty("lectures").GetInt32());
        Assert.Equal("zh", nodes["冷链"].GetProperty("language").GetString());

        var only = Nodes(await employee.GetFromJsonAsync<JsonElement>($"/api/learning/graph?lectureId={LearningFixtures.FoodSafety}"));
        Assert.Equal(new HashSet<string> { "交叉污染", "六步洗手法", "保质期", "冷链" }, only.Keys.ToHashSet());
    }

    [Fact]
    public async Task A_point_says_where_it_is_taught_with_the_sentence_and_its_time()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        var nodes = Nodes(await employee.GetFromJsonAsync<JsonElement>("/api/learning/graph"));
        var point = await employee.GetFromJsonAsync<JsonElement>($"/api/learning/points/{nodes["phishing email"].GetProperty("id").GetInt32()}");
        var taught = point.GetProperty("taughtIn").EnumerateArray().ToDictionary(t => t.GetProperty("lectureId").GetString()!);
        Assert.Equal([LearningFixtures.DeveloperWeek, LearningFixtures.SecurityBasics], taught.Keys.Order().ToArray());
        var definition = taught[LearningFixtures.DeveloperWeek].GetProperty("definition");
        Assert.Equal("A phishing email is a message that tries to trick you into revealing your password.", definition.GetProperty("text").GetString());
        // The fixture's timing of that sentence (make_lectures.sh).
        Assert.Equal(57.579, definition.GetProperty("start").GetDouble(), 3);
        Assert.Equal(62.349, definition.GetProperty("end").GetDouble(), 3);
        Assert.Contains(taught[LearningFixtures.SecurityBasics].GetProperty("mentions").EnumerateArray(), m => m.GetProperty("text").GetString()!.Contains("phishing email"));
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync("/api/learning/points/99999")).StatusCode);
    }

    [Fact]
    public async Task Republishing_the_same_text_changes_nothing_an_older_revision_is_ignored_and_a_deleted_lecture_leaves_the_graph()
    {
        using var employee = _scenario.As(LearningScenario.Employee);
        var before = await employee.GetStringAsync("/api/learning/graph");
        await _scenario.PublishLectureAsync(LearningFixtures.DeveloperWeek);
        Assert.Equal(before, await employee.GetStringAsync("/api/learning/graph"));

        await _scenario.PublishLectureAsync(LearningFixtures.SecurityBasics, revision: 5);
        var handler = _scenario.Host.Services.GetService(typeof(FunAsr.Learning.Lectures.LectureEventHandler)) as FunAsr.Learning.Lectures.LectureEventHandler;
        var older = LearningFixtures.Content(LearningFixtures.SecurityBasics, revision: 3) with { Sentences = [new(0, "A stale text about nothing at all.", 0, 2)] };
        await handler!.HandleAsync("upserted", JsonSerializer.Serialize(older, JsonSerializerOptions.Web), CancellationToken.None);
        Assert.True(Nodes(await employee.GetFromJsonAsync<JsonElement>("/api/learning/graph")).ContainsKey("password manager"));

        await handler.HandleAsync("deleted", JsonSerializer.Serialize(new { id = LearningFixtures.SecurityBasics }), CancellationToken.None);
        var nodes = Nodes(await employee.GetFromJsonAsync<JsonElement>("/api/learning/graph"));
        Assert.False(nodes.ContainsKey("password manager"));
        Assert.Equal(1, nodes["phishing email"].GetProperty("lectures").GetInt32());
        // A malformed entry is skipped, not retried forever.
        await handler.HandleAsync("upserted", "{not json", CancellationToken.None);
    }

    [Fact]
    public async Task Prerequisites_are_suggested_and_only_content_users_confirm_or_reject_them()
    {
        using var trainer = _scenario.As(LearningScenario.Trainer);
        using var employee = _scenario.As(LearningScenario.Employee);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/learning/prerequisites")).StatusCode);

        var suggested = await trainer.GetFromJsonAsync<JsonElement>("/api/learning/prerequisites?status=suggested");
        // Taught earlier (the developer lecture came first) and cited by the later point's passages.
        var edge = suggested.EnumerateArray().Single(e => e.GetProperty("prerequisite").GetString() == "two-factor authentication" && e.GetProperty("point").GetString() == "password manager");
        Assert.True(edge.GetProperty("evidence").GetDouble() >= 0.2);
        var id = edge.GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.Forbidden, (await employee.PostAsJsonAsync($"/api/learning/prerequisites/{id}/decision", new { decision = "confirm" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await trainer.PostAsJsonAsync($"/api/learning/prerequisites/{id}/decision", new { decision = "maybe" })).StatusCode);
        var confirmed = await (await trainer.PostAsJsonAsync($"/api/learning/prerequisites/{id}/decision", new { decision = "confirm" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal(LearningScenario.Trainer.Subject, confirmed.GetProperty("decidedBy").GetString());

        // The reverse would make a cycle.
        using var reverse = await trainer.PostAsJsonAsync("/api/learning/prerequisites",
            new { prerequisiteId = edge.GetProperty("pointId").GetInt32(), pointId = edge.GetProperty("prerequisiteId").GetInt32() });
        Assert.Equal(HttpStatusCode.Conflict, reverse.StatusCode);

        var graph = await employee.GetFromJsonAsync<JsonElement>("/api/learning/graph");
        Assert.Contains(graph.GetProperty("edges").EnumerateArray(), e => e.GetProperty("kind").GetString() == "prerequisite" && e.GetProperty("status").GetString() == "confirmed");

        var rejected = await (await trainer.PostAsJsonAsync($"/api/learning/prerequisites/{id}/decision", new { decision = "reject" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        graph = await employee.GetFromJsonAsync<JsonElement>("/api/learning/graph");
        Assert.DoesNotContain(graph.GetProperty("edges").EnumerateArray(), e => e.GetProperty("id").GetString() == $"p{id}");
        // A rejected pair is not suggested again when lectures change.
        await _scenario.PublishLectureAsync(LearningFixtures.SecurityBasics, revision: 9);
        var again = await trainer.GetFromJsonAsync<JsonElement>("/api/learning/prerequisites?status=suggested");
        Assert.DoesNotContain(again.EnumerateArray(), e => e.GetProperty("id").GetInt32() != id
            && e.GetProperty("prerequisite").GetString() == "two-factor authentication" && e.GetProperty("point").GetString() == "password manager");
    }
}
