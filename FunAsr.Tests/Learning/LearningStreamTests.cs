using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.QaBot;

namespace FunAsr.Tests.Learning;

/// <summary>
/// The learning service fed by QaBot's Redis streams, as the AppHost wires them (<c>ConnectionStrings:cache</c>): a lecture
/// saved in QaBot becomes knowledge points without anyone pulling it, a correction re-indexes it, and a lecture made
/// private leaves the shared graph and is no longer served to the learning layer.
/// </summary>
public sealed class LearningStreamTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private QaBotFactory _qabot = null!;
    private LearningHost _learning = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _qabot = new QaBotFactory(_redis.ConnectionString);
        _learning = new LearningHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Learning:Events:PollInterval"] = "00:00:00.050",
            // Nothing may be pulled: QaBot is not reachable from here.
            ["services:qabot:http:0"] = "http://127.0.0.1:9",
        });
        _ = _learning.Address;
    }

    public async Task DisposeAsync()
    {
        await _learning.DisposeAsync();
        await _qabot.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Lectures_saved_edited_and_made_private_in_qabot_reach_the_graph_by_the_stream()
    {
        var qa = _qabot.CreateClient();
        qa.DefaultRequestHeaders.Add("X-FunAsr-Actor", "tess.trainer");
        var learner = _learning.Client(LearningHost.Person("eve"));
        var created = await qa.PostAsync("/api/qa/lectures",
            new StringContent(LearningFixtures.LectureJson(LearningFixtures.DeveloperWeek), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var labels = await WaitForAsync(learner, g => g.Contains("build pipeline"));
        Assert.Contains("code review", labels);

        // A correction renames a concept in its defining sentence: the graph follows the corrected text.
        var lecture = await qa.GetFromJsonAsync<JsonElement>($"/api/qa/lectures/{LearningFixtures.DeveloperWeek}");
        var segments = lecture.GetProperty("segments").EnumerateArray().ToList();
        var defining = segments.FindIndex(s => s.GetProperty("text").GetString()!.StartsWith("The build pipeline is", StringComparison.Ordinal));
        var edits = segments.Select((s, i) => (s, i)).Where(p => p.s.GetProperty("text").GetString()!.Contains("build pipeline", StringComparison.Ordinal))
            .Select(p => new { op = "text", segment = p.i, text = p.s.GetProperty("text").GetString()!.Replace("build pipeline", "release train", StringComparison.Ordinal) })
            .ToList();
        Assert.True(defining >= 0 && edits.Count >= 2);
        var edited = await qa.PostAsJsonAsync($"/api/qa/lectures/{LearningFixtures.DeveloperWeek}/edits", new { edits });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        labels = await WaitForAsync(learner, g => g.Contains("release train"));
        Assert.DoesNotContain("build pipeline", labels);

        // Made private, the lecture leaves the learning layer: no concepts, and QaBot serves it no more.
        var hidden = await qa.PostAsJsonAsync($"/api/qa/lectures/{LearningFixtures.DeveloperWeek}/edits", new { edits = new[] { new { op = "visibility", visibility = "private" } } });
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        await WaitForAsync(learner, g => g.Count == 0);
        var lectures = await learner.GetFromJsonAsync<JsonElement>("/api/learning/lectures");
        Assert.Equal(0, lectures.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await qa.GetAsync($"/api/qa/lectures/{LearningFixtures.DeveloperWeek}/sentences")).StatusCode);
    }

    /// <summary>The labels of the graph's concepts that are taught somewhere, once they satisfy <paramref name="done"/>.</summary>
    private static async Task<List<string>> WaitForAsync(HttpClient learner, Func<List<string>, bool> done)
    {
        var labels = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var graph = await learner.GetFromJsonAsync<JsonElement>("/api/learning/graph");
            labels = [.. graph.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("label").GetString()!)];
            if (done(labels))
            {
                return labels;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"The graph never got there; it shows: {string.Join(", ", labels)}");
        return labels;
    }
}
