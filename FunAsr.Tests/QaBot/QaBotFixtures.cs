using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace FunAsr.Tests.QaBot;

/// <summary>The committed onboarding transcripts and their known-answer questions (see Fixtures/QaBot/make_fixtures.py).</summary>
public static class QaBotFixtures
{
    public static readonly string[] LectureIds = ["onboarding-en", "onboarding-zh"];

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "QaBot");

    public static string TranscriptJson(string lectureId) => File.ReadAllText(Path.Combine(Folder, lectureId + ".json"));

    public static JsonObject Transcript(string lectureId) => JsonNode.Parse(TranscriptJson(lectureId))!.AsObject();

    public static IReadOnlyList<KnownAnswer> Questions() =>
        JsonSerializer.Deserialize<List<KnownAnswer>>(File.ReadAllText(Path.Combine(Folder, "questions.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    /// <summary>Publishes a transcript the way the ASR service does when a job ends.</summary>
    public static Task<RedisValue> PublishAsync(IDatabase db, string lectureId) =>
        db.StreamAddAsync("transcripts",
        [
            new("lectureId", lectureId),
            new("title", Transcript(lectureId)["title"]!.GetValue<string>()),
            new("language", Transcript(lectureId)["language"]!.GetValue<string>()),
            new("payload", TranscriptJson(lectureId)),
        ]);

    /// <summary>Posts a transcript to the lectures API in its contract shape (segments with times).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string lectureId)
    {
        var transcript = Transcript(lectureId);
        var body = new JsonObject
        {
            ["id"] = lectureId,
            ["title"] = transcript["title"]!.DeepClone(),
            ["language"] = transcript["language"]!.DeepClone(),
            ["segments"] = new JsonArray(transcript["segments"]!.AsArray()
                .Select(s => (JsonNode)new JsonObject { ["start"] = s!["start"]!.DeepClone(), ["end"] = s["end"]!.DeepClone(), ["text"] = s["text"]!.DeepClone() })
                .ToArray()),
        };
        return await client.PostAsJsonAsync("/api/qa/lectures", body);
    }

    /// <summary>Posts an ASR transcript (segments with their word times) to the lectures API.</summary>
    public static Task<HttpResponseMessage> PostTranscriptAsync(HttpClient client, JsonObject transcript) =>
        client.PostAsJsonAsync("/api/qa/lectures", new JsonObject
        {
            ["id"] = transcript["id"]!.DeepClone(),
            ["title"] = transcript["title"]!.DeepClone(),
            ["language"] = transcript["language"]!.DeepClone(),
            ["segments"] = new JsonArray(transcript["segments"]!.AsArray()
                .Select(s => (JsonNode)new JsonObject
                {
                    ["start"] = s!["start"]!.DeepClone(), ["end"] = s["end"]!.DeepClone(), ["text"] = s["text"]!.DeepClone(),
                    ["words"] = s["words"]?.DeepClone(),
                })
                .ToArray()),
        });

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Timed out waiting until {what}");
    }
}

public sealed record KnownAnswer(string Question, string? LectureId, int? SegmentId, double? Start, double? End);

public sealed record AskResult(string Answer, List<CitationResult> Citations, string Mode, bool Found, string? Question)
{
    public double? Confidence { get; init; }
    public List<SuggestionResult>? Suggestions { get; init; }
}

public sealed record SuggestionResult(string LectureId, string Title);

public sealed record CitationResult(string Id, string LectureId, string Title, double Start, double End, string Text, double Score);
