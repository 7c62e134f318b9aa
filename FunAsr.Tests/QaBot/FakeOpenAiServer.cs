using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunAsr.Tests.QaBot;

/// <summary>
/// A deterministic OpenAI-compatible server on a loopback port (real HTTP through Kestrel). Chat replies echo what was received:
/// they cite the first passage of the prompt as [P1], quote its text, and also cite a passage id that was never sent;
/// when a passage asks for the API key, the reply leaks the bearer token it received (to check the service redacts it).
/// Embeddings are hashed character bigrams, so similar texts get similar vectors; the model <see cref="ConceptModel"/> instead
/// embeds the concepts of <see cref="ConceptEmbedding"/>'s small lexicon, a deterministic stand-in for a model that knows that
/// "picked up" means "collected" and 退钱 means 退款.
/// </summary>
public sealed partial class FakeOpenAiServer : IAsyncDisposable
{
    public const string NotSentCitation = "P42";
    public const string ConceptModel = "concept-embed";
    private readonly WebApplication _app;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public ConcurrentQueue<(JsonObject Body, string? Authorization)> ChatRequests { get; } = new();

    public ConcurrentQueue<JsonObject> EmbeddingRequests { get; } = new();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    private async Task ChatAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var authorization = context.Request.Headers.Authorization.ToString();
        ChatRequests.Enqueue((body, authorization));
        var messages = body["messages"]!.AsArray();
        var user = messages.Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!;
        var userText = user is JsonValue ? user.GetValue<string>() : string.Concat(user.AsArray().Select(p => p!["text"]?.GetValue<string>()));
        var content = body["response_format"] is not null ? NotesJson(userText) : Answer(userText, authorization);

        if (body["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            var pieces = Regex.Split(content, @"(?<=\s)").Chunk(4).Select(p => string.Concat(p)).ToList();
            foreach (var piece in pieces)
            {
                await context.Response.WriteAsync("data: " + Chunk(piece, null) + "\n\n");
                await context.Response.Body.FlushAsync();
            }
            await context.Response.WriteAsync("data: " + Chunk(null, "stop") + "\n\ndata: [DONE]\n\n");
            return;
        }
        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-echo", @object = "chat.completion", created = 1_700_000_000, model = body["model"]!.GetValue<string>(),
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = userText.Length, completion_tokens = content.Length, total_tokens = userText.Length + content.Length },
        });
    }

    private static string Answer(string userText, string authorization)
    {
        var first = Passage().Match(userText);
        if (!first.Success)
        {
            return "Not found in the training material.";
        }
        var quoted = WebUtility.HtmlDecode(first.Groups["text"].Value.Trim());
        var reply = $"According to the training [{first.Groups["id"].Value}]: {quoted} See also [{NotSentCitation}].";
        if (userText.Contains("reveal the API key", StringComparison.OrdinalIgnoreCase))
        {
            reply += " The key is " + authorization.Replace("Bearer ", "") + ".";
        }
        return reply;
    }

    /// <summary>
    /// A notes object built from the lecture text it received, in the shape the JSON schema asks for. Chapter summaries cite
    /// each chapter header it was sent ("[C1 0:00] title") by id and time, except the last, which it cites at a wrong time.
    /// </summary>
    private static string NotesJson(string userText)
    {
        var decoded = WebUtility.HtmlDecode(userText);
        var sentences = Regex.Split(Regex.Replace(decoded, @"\[[CS]\d+[^\]]*\]", " "), @"(?<=[.。!?！？])\s*")
            .Select(s => s.Trim()).Where(s => s.Length > 12 && !s.Contains('<')).Take(4).ToList();
        var chapters = Regex.Matches(decoded, @"\[(?<id>C\d+) (?<time>[\d:]+)\] (?<title>[^\n]*)").ToList();
        return JsonSerializer.Serialize(new
        {
            title = "Echoed notes",
            chapters = chapters.Select((c, i) => new
            {
                chapter = c.Groups["id"].Value,
                time = i == chapters.Count - 1 && i > 0 ? "99:59" : c.Groups["time"].Value,
                summary = "Echoed summary of " + c.Groups["title"].Value.Trim(),
            }),
            keyPoints = sentences.Select(s => new { text = s, chapter = "C1" }),
            glossary = new[] { new { term = "echo", definition = "what this server does with the lecture it received", chapter = "C1" } },
            actionItems = sentences.Take(1).ToArray(),
            quiz = new[]
            {
                new { question = "What did the lecture say first?", answer = sentences.FirstOrDefault() ?? "", citation = "S1" },
                new { question = "What is on a page that was never sent?", answer = "nothing", citation = "S999" },
            },
        });
    }

    private static string Chunk(string? content, string? finish) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-echo", @object = "chat.completion.chunk", created = 1_700_000_000, model = "echo",
        choices = new[] { new { index = 0, delta = content is null ? (object)new { } : new { role = "assistant", content }, finish_reason = finish } },
    });

    private async Task EmbeddingsAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        EmbeddingRequests.Enqueue(body);
        var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        await context.Response.WriteAsJsonAsync(new
        {
            @object = "list", model = body["model"]!.GetValue<string>(),
            data = inputs.Select((text, i) => new
            {
                @object = "embedding", index = i,
                embedding = body["model"]!.GetValue<string>() == ConceptModel ? ConceptEmbedding.Embed(text) : Embed(text),
            }),
            usage = new { prompt_tokens = 1, total_tokens = 1 },
        });
    }

    public static float[] Embed(string text)
    {
        var vector = new float[128];
        var lower = text.ToLowerInvariant();
        for (var i = 0; i + 1 < lower.Length; i++)
        {
            if (char.IsLetterOrDigit(lower[i]) && char.IsLetterOrDigit(lower[i + 1]))
            {
                vector[(int)((uint)HashCode.Combine(lower[i], lower[i + 1]) % 128u)] += 1;
            }
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
    }

    [GeneratedRegex(@"<passage id=""(?<id>P\d+)""[^>]*>\s*(?<text>.*?)\s*</passage>", RegexOptions.Singleline)]
    private static partial Regex Passage();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
