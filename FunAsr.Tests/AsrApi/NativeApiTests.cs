using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.AsrApi;

/// <summary>The native /api/asr transcription endpoint, the OpenAPI document, and an OpenAI SDK's exact wire format.</summary>
public sealed class NativeApiTests(KnownAnswerService service) : IClassFixture<KnownAnswerService>
{
    private static readonly ToneWordsAudio Chinese = ToneWords.Synthesize("今天 天气 很好 。 | | | 我们 一起 学习");
    private static readonly ToneWordsAudio English = ToneWords.Synthesize("▁hello ▁world");

    [Fact]
    public async Task One_file_answers_the_native_transcript()
    {
        var (status, body, _) = await PostAsync(service.Client, "/api/asr/transcriptions", Form(Chinese.ToWav(), ("language", "auto")));
        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        var t = json.RootElement;
        Assert.Equal(32, t.GetProperty("id").GetString()!.Length);
        Assert.Equal("speech.wav", t.GetProperty("title").GetString());
        Assert.Equal("known-answer", t.GetProperty("model").GetString());
        Assert.Equal("zh", t.GetProperty("language").GetString());
        Assert.Equal("NEUTRAL", t.GetProperty("emotion").GetString());
        Assert.Equal("Speech", t.GetProperty("event").GetString());
        Assert.Equal(Chinese.DurationSeconds, t.GetProperty("duration").GetDouble(), 2);
        Assert.Equal("今天天气很好。我们一起学习", t.GetProperty("text").GetString());
        Assert.StartsWith("<|zh|><|NEUTRAL|><|Speech|><|withitn|>今天天气很好。", t.GetProperty("richText").GetString());
        var segments = t.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(["今天天气很好。", "我们一起学习"], segments.Select(s => s.GetProperty("text").GetString()));
        Assert.All(segments, s => Assert.Equal("zh", s.GetProperty("language").GetString()));
        var words = segments.SelectMany(s => s.GetProperty("words").EnumerateArray()).ToList();
        Assert.Equal(Chinese.Tokens.Select(k => k.Piece), words.Select(w => w.GetProperty("word").GetString()));
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].GetProperty("start").GetDouble(), Chinese.Tokens[i].Start - 0.06, Chinese.Tokens[i].Start + 0.06);
        }
    }

    [Fact]
    public async Task Several_files_answer_results_in_upload_order()
    {
        using var form = Form([(English.ToWav(), "a.wav"), (Chinese.ToWav(), "b.wav"), (English.ToWav(), "c.wav")], ("itn", "false"));
        var (status, body, _) = await PostAsync(service.Client, "/api/asr/transcriptions", form);
        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["a.wav", "b.wav", "c.wav"], results.Select(r => r.GetProperty("title").GetString()));
        Assert.Equal(["hello world", "今天天气很好。我们一起学习", "hello world"], results.Select(r => r.GetProperty("text").GetString()));
        Assert.All(results, r => Assert.Contains("<|woitn|>", r.GetProperty("richText").GetString()));
    }

    /// <summary>The body exactly as openai-python (httpx) sends it: quoted names, hex boundary, file last, CRLF framing.</summary>
    [Fact]
    public async Task A_request_built_like_the_openai_python_sdk_gets_the_expected_text()
    {
        var boundary = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var body = new MemoryStream();
        void Text(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        foreach (var (name, value) in new[] { ("model", "whisper-1"), ("language", "en"), ("response_format", "verbose_json"), ("timestamp_granularities[]", "word") })
        {
            Text($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }
        Text($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"speech.wav\"\r\nContent-Type: audio/x-wav\r\n\r\n");
        body.Write(English.ToWav());
        Text($"\r\n--{boundary}--\r\n");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");
        request.Headers.UserAgent.ParseAdd("OpenAI/Python 1.99.0");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("hello world", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(["hello", "world"], json.RootElement.GetProperty("words").EnumerateArray().Select(w => w.GetProperty("word").GetString()));
    }

    [Fact]
    public async Task The_openapi_document_describes_both_apis_and_the_reference_ui_is_served()
    {
        using var document = JsonDocument.Parse(await service.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/v1/audio/transcriptions", "/v1/models", "/api/asr/transcriptions", "/api/asr/jobs", "/api/asr/jobs/{id}",
                     "/api/asr/jobs/{id}/events", "/api/asr/jobs/{id}/result", "/api/asr/recordings/{id}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
        // The forms are described from the request types the endpoints bind, not by hand.
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        JsonElement Resolve(JsonElement schema)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                return Resolve(schemas.GetProperty(reference.GetString()!.Split('/')[^1]));
            }
            return schema.TryGetProperty("oneOf", out var choices)
                ? Resolve(choices.EnumerateArray().First(c => !(c.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")))
                : schema;
        }
        var form = Resolve(paths.GetProperty("/v1/audio/transcriptions").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema"));
        Assert.Equal("binary", Resolve(form.GetProperty("properties").GetProperty("file")).GetProperty("format").GetString());
        Assert.Equal(["file"], form.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(form.GetProperty("properties").TryGetProperty("timestamp_granularities[]", out _));
        var native = Resolve(paths.GetProperty("/api/asr/transcriptions").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema"));
        var files = Resolve(native.GetProperty("properties").GetProperty("file"));
        Assert.Equal("binary", Resolve(files.GetProperty("items")).GetProperty("format").GetString());
        using var ui = await service.Client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_reports_the_model_ready_and_redis_degraded_when_not_configured()
    {
        using var response = await service.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("model").GetProperty("status").GetString());
        Assert.Contains("known-answer TEST model", checks.GetProperty("model").GetProperty("description").GetString());
        Assert.Equal("Degraded", checks.GetProperty("StackExchange.Redis").GetProperty("status").GetString());
    }
}
