using System.Collections.Concurrent;
using FunAsr.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using FunAsr.Text.Subtitles;

namespace FunAsr.Tests.Browser;

/// <summary>An upload the stand-in ASR received, as the page sent it.</summary>
public sealed record SubtitleBody(double? Duration, IReadOnlyList<SubtitleBodySegment>? Segments);

public sealed record SubtitleBodySegment(double Start, double End, string? Text);

public sealed record ReceivedUpload(string Route, string FileName, string ContentType, long Length, string? Language, string? Itn);

/// <summary>
/// The real gateway and page in front of stand-in ASR and Q&amp;A services that answer with the documented shapes
/// (docs/api-contract.md), so the page can be driven end to end before the real services are merged.
/// </summary>
public sealed class StandInStack : IAsyncDisposable
{
    public const string LectureId = "lec-safety";
    public const string LectureTitle = "Warehouse safety induction";
    public const double CitationStart = 4.0;
    public const string CitedPassage = "Always wear a hard hat in the loading bay.";
    public const string SpokenQuestion = "What must I wear in the loading bay?";
    public const string MaskedExcerpt = "Call the supervisor on 138****5678 if you are unsure.";
    public const string StackLeakMarker = "System.InvalidOperationException";

    public static readonly string[] TranscriptLines = ["欢迎参加仓库安全培训。", "Always wear a hard hat in the loading bay.", "谢谢大家。"];

    private readonly ConcurrentQueue<ReceivedUpload> _uploads;

    private StandInStack(StandInService asr, StandInService qabot, GatewayHost gateway, ConcurrentQueue<ReceivedUpload> uploads)
    {
        Asr = asr;
        Qabot = qabot;
        Gateway = gateway;
        _uploads = uploads;
    }

    public StandInService Asr { get; }
    public StandInService Qabot { get; }
    public GatewayHost Gateway { get; }
    public IReadOnlyCollection<ReceivedUpload> Received => _uploads;

    public static async Task<StandInStack> StartAsync(IDictionary<string, string?>? gatewaySettings = null)
    {
        var uploads = new ConcurrentQueue<ReceivedUpload>();
        var recording = ToneWav.Create(12);
        var asr = await StandInService.StartAsync("asr", app => MapAsr(app, uploads, recording));
        var qabot = await StandInService.StartAsync("qabot", app => MapQa(app, uploads));
        var gateway = new GatewayHost([asr], qabot, gatewaySettings);
        return new StandInStack(asr, qabot, gateway, uploads);
    }

    public static object Transcript(string language) => new
    {
        id = "tr-1",
        title = "upload",
        model = "sensevoice-small",
        language,
        emotion = "NEUTRAL",
        @event = "Speech",
        duration = 9.0,
        text = string.Concat(TranscriptLines),
        richText = string.Concat(TranscriptLines),
        segments = new object[]
        {
            new { id = 0, start = 0.0, end = 2.5, text = TranscriptLines[0], richText = TranscriptLines[0], language = "zh", emotion = "HAPPY", @event = "Speech" },
            new { id = 1, start = 3.0, end = 6.2, text = TranscriptLines[1], richText = TranscriptLines[1], language = "en", emotion = "NEUTRAL", @event = "Speech" },
            new { id = 2, start = 6.5, end = 8.8, text = TranscriptLines[2], richText = TranscriptLines[2], language = "zh", emotion = "NEUTRAL", @event = "Applause" },
        },
    };

    private static void MapAsr(WebApplication app, ConcurrentQueue<ReceivedUpload> uploads, byte[] recording)
    {
        app.MapGet("/v1/models", () => Results.Json(new
        {
            @object = "list",
            data = new object[]
            {
                new { id = "sensevoice-small", @object = "model", owned_by = "funasr" },
                new { id = "fun-asr-nano", @object = "model", owned_by = "funasr", languages = new[] { "zh", "en", "ja", "fr", "de" } },
            },
        }));
        app.MapPost("/api/asr/transcriptions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
            {
                return Results.Problem(statusCode: 400, title: "Empty audio", detail: "The uploaded file is empty.");
            }
            uploads.Enqueue(new ReceivedUpload("transcriptions", file.FileName, file.ContentType, file.Length, form["language"], form["itn"]));
            if (file.FileName.StartsWith("broken", StringComparison.Ordinal))
            {
                return Results.Problem(statusCode: 500, title: "Internal error",
                    detail: $"{StackLeakMarker}: decoder state\n   at FunAsr.AsrService.Decode(Span`1 frames)");
            }
            return Results.Json(Transcript(form["language"].ToString() is "auto" or "" ? "zh" : form["language"].ToString()));
        });
        app.MapPost("/api/asr/jobs", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("file")!;
            uploads.Enqueue(new ReceivedUpload("jobs", file.FileName, file.ContentType, file.Length, form["language"], form["itn"]));
            return Results.Json(new { id = "job-1", status = "queued", statusUrl = "/api/asr/jobs/job-1", eventsUrl = "/api/asr/jobs/job-1/events" },
                statusCode: StatusCodes.Status202Accepted);
        });
        app.MapGet("/api/asr/jobs/{id}/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            for (var done = 1; done <= 3; done++)
            {
                await context.Response.WriteAsync($"event: progress\ndata: {{\"done\":{done},\"total\":3,\"partialText\":\"{TranscriptLines[done - 1]}\"}}\n\n");
                await context.Response.Body.FlushAsync();
                await Task.Delay(300);
            }
            var transcript = System.Text.Json.JsonSerializer.Serialize(new { transcript = Transcript("zh") });
            await context.Response.WriteAsync($"event: completed\ndata: {transcript}\n\n");
        });
        // The page asks the server for its subtitle files; the stand-in writes them with the same writer the ASR service uses.
        app.MapPost("/api/asr/subtitles", (SubtitleBody body, string? format) =>
        {
            var kind = SubtitleWriter.ParseFormat(format) ?? SubtitleFormat.Srt;
            var texts = (body.Segments ?? []).Select(s => TimedText.Untimed(s.Start, s.End, s.Text ?? string.Empty)).ToList();
            return Results.Text(SubtitleWriter.Write(kind, texts, new SubtitleRules(), body.Duration), SubtitleWriter.MediaType(kind));
        });
        app.MapGet("/api/asr/recordings/{id}", (string id) => id == LectureId
            ? Results.File(recording, "audio/wav")
            : Results.Problem(statusCode: 404, title: "Not found", detail: "No recording is kept for this lecture."));
    }

    private static object Answer(string? question) => new
    {
        answer = "Wear a hard hat whenever you are in the loading bay.",
        citations = new object[]
        {
            new { id = "c1", lectureId = LectureId, title = LectureTitle, start = CitationStart, end = 7.5, text = CitedPassage, score = 0.82 },
        },
        mode = "extractive",
        found = true,
        question,
    };

    private static void MapQa(WebApplication app, ConcurrentQueue<ReceivedUpload> uploads)
    {
        app.MapGet("/api/qa/lectures", () => Results.Json(new object[]
        {
            new { id = LectureId, title = LectureTitle, language = "en", duration = 600.0, createdAt = "2026-11-20T09:00:00Z", segmentCount = 42, alertCount = 1 },
            new { id = "lec-onboarding", title = "新员工入职培训", language = "zh", duration = 1830.0, createdAt = "2026-11-21T02:30:00Z", segmentCount = 97, alertCount = 0 },
        }));
        app.MapGet("/api/qa/lectures/{id}", (string id) => id == LectureId
            ? Results.Json(new
            {
                id = LectureId, title = LectureTitle, language = "en", duration = 600.0, createdAt = "2026-11-20T09:00:00Z", version = 1,
                visibility = "everyone",
                segments = new object[]
                {
                    new { id = 0, start = 0.0, end = 3.5, text = "Welcome to the safety induction." },
                    new { id = 1, start = CitationStart, end = 7.5, text = CitedPassage },
                },
            })
            : Results.Problem(statusCode: 404, title: "Lecture not found", detail: $"No lecture with id '{id}'."));
        app.MapGet("/api/qa/lectures/{id}/versions", (string id) => Results.Json(new object[]
        {
            new { version = 1, actor = "stream", at = "2026-11-20T09:00:00Z", changes = new object[] { new { op = "create", segment = (int?)null, before = (string?)null, after = "stream" } } },
        }));
        app.MapPost("/api/qa/lectures/{id}/notes", (string id) => Results.Json(new
        {
            title = LectureTitle,
            summary = "How to move safely around the warehouse loading bay.",
            keyPoints = new[] { "Hard hats are required in the loading bay.", "Forklifts have right of way." },
            glossary = new[] { new { term = "Loading bay", definition = "The area where lorries are loaded and unloaded." } },
            actionItems = new[] { "Collect a hard hat from reception." },
            quiz = new[] { new { question = "What must you wear in the loading bay?", answer = "A hard hat.", citation = new { start = CitationStart, end = 7.5 } } },
            markdown = $"# {LectureTitle}\n\n## Summary\n\nHow to move safely around the warehouse loading bay.\n",
        }));
        app.MapGet("/api/qa/alerts", (string? lectureId) => Results.Json(lectureId == LectureId
            ? new object[]
            {
                new { id = "a1", lectureId = LectureId, lectureTitle = LectureTitle, kind = "phoneNumber", segmentId = 3, start = 65.0, end = 68.0,
                      excerpt = MaskedExcerpt, term = (string?)null, detectedAt = "2026-11-20T09:05:00Z" },
            }
            : []));
        app.MapPost("/api/qa/ask", () => Results.Json(Answer(null)));
        app.MapPost("/api/qa/ask/stream", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var word in "Wear a hard hat whenever you are in the loading bay.".Split(' '))
            {
                await context.Response.WriteAsync($"event: delta\ndata: {{\"text\":\"{word} \"}}\n\n");
                await context.Response.Body.FlushAsync();
                await Task.Delay(20);
            }
            await context.Response.WriteAsync($"event: done\ndata: {System.Text.Json.JsonSerializer.Serialize(Answer(null), System.Text.Json.JsonSerializerOptions.Web)}\n\n");
        });
        app.MapPost("/api/qa/ask/voice", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
            {
                return Results.Problem(statusCode: 400, title: "Empty audio", detail: "The uploaded file is empty.");
            }
            uploads.Enqueue(new ReceivedUpload("voice", file.FileName, file.ContentType, file.Length, form["language"], null));
            return Results.Json(Answer(SpokenQuestion));
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Asr.DisposeAsync();
        await Qabot.DisposeAsync();
    }
}
