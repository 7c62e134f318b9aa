using System.Net;
using System.Text;
using System.Text.Json;
using FunAsr.AsrService.Api.Errors;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Transcription;
using FunAsr.Tests.Infrastructure;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.AsrApi;

/// <summary>Every kind of bad input gets its status and a message that says why, and the service keeps serving.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const long MaxUploadBytes = 300_000;
    private static readonly ToneWordsAudio Good = ToneWords.Synthesize("▁hello ▁world");
    private readonly AsrServiceHost _host = new(new Dictionary<string, string?>
    {
        ["Asr:Api:MaxUploadBytes"] = MaxUploadBytes.ToString(),
        ["Asr:Api:MaxSyncDurationSeconds"] = "5",
    });
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, byte[], HttpStatusCode, string> BadUploads => new()
    {
        { "too big", new byte[MaxUploadBytes + 1], HttpStatusCode.RequestEntityTooLarge, "limit of 300000 bytes" },
        { "too long", ToneWords.Silence(6).ToWav(), HttpStatusCode.RequestEntityTooLarge, "the limit is 5 s" },
        { "random bytes", RandomBytes(4000), HttpStatusCode.BadRequest, "Invalid data" },
        { "empty", [], HttpStatusCode.BadRequest, "empty" },
        { "a picture", Convert.FromBase64String(OnePixelPng), HttpStatusCode.UnsupportedMediaType, "audio" },
        { "truncated mp3", Encode(Good, "mp3")[..600], HttpStatusCode.BadRequest, "" },
    };

    private const string OnePixelPng =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    [Theory]
    [InlineData("mp3")]
    [InlineData("ogg")]
    [InlineData("m4a")]
    public async Task Compressed_formats_decode_through_ffmpeg(string format)
    {
        var (status, body, _) = await PostAsync(_client, "/v1/audio/transcriptions", Form([(Encode(Good, format), $"speech.{format}")], ("response_format", "text")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello world\n", body);
    }

    /// <summary>Encodes with the ffmpeg the service itself uses (a Debian package the build machine has).</summary>
    private static byte[] Encode(ToneWordsAudio audio, string format)
    {
        var input = Path.GetTempFileName();
        var output = Path.ChangeExtension(input, format);
        try
        {
            File.WriteAllBytes(input, audio.ToWav());
            using var ffmpeg = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ffmpeg")
            {
                ArgumentList = { "-nostdin", "-loglevel", "error", "-y", "-f", "wav", "-i", input, output },
                RedirectStandardError = true,
            })!;
            var error = ffmpeg.StandardError.ReadToEnd();
            ffmpeg.WaitForExit();
            Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg could not make the {format} fixture: {error}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Bad_uploads_get_their_status_on_both_apis_and_the_service_keeps_serving(
        string what, byte[] upload, HttpStatusCode expected, string message)
    {
        var (status, body, _) = await PostAsync(_client, "/v1/audio/transcriptions", Form(upload));
        AssertOpenAiError(status, body, expected, "file", message);

        var (_, problemBody, problem) = await PostAsync(_client, "/api/asr/transcriptions", Form(upload));
        AssertProblem(problem, problemBody, expected, message);

        var (okStatus, okBody, _) = await PostAsync(_client, "/v1/audio/transcriptions", Form(Good.ToWav(), ("response_format", "text")));
        Assert.True(okStatus == HttpStatusCode.OK, $"after '{what}' the service answered {okStatus}");
        Assert.Equal("hello world\n", okBody);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_a_400_naming_what_was_expected()
    {
        var (status, body, _) = await PostAsync(_client, "/v1/audio/transcriptions", new StringContent("{\"file\":1}", Encoding.UTF8, "application/json"));
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "file", "multipart/form-data");
    }

    [Fact]
    public async Task Unknown_language_and_model_on_the_native_api_are_problem_400s_listing_valid_values()
    {
        var (_, body, response) = await PostAsync(_client, "/api/asr/transcriptions", Form(Good.ToWav(), ("language", "klingon")));
        AssertProblem(response, body, HttpStatusCode.BadRequest, "Valid values: auto, en, ja, ko, yue, zh");
        using (var json = JsonDocument.Parse(body))
        {
            Assert.Equal("language", json.RootElement.GetProperty("param").GetString());
        }
        var (_, modelBody, modelResponse) = await PostAsync(_client, "/api/asr/transcriptions", Form(Good.ToWav(), ("model", "tiny")));
        AssertProblem(modelResponse, modelBody, HttpStatusCode.BadRequest, "Valid models: known-answer, whisper-1");
        var (_, itnBody, itnResponse) = await PostAsync(_client, "/api/asr/transcriptions", Form(Good.ToWav(), ("itn", "maybe")));
        AssertProblem(itnResponse, itnBody, HttpStatusCode.BadRequest, "'itn' must be true or false");
        var (_, tempStatus, _) = (0, await PostAsync(_client, "/v1/audio/transcriptions", Form(Good.ToWav(), ("temperature", "7"))), 0);
        AssertOpenAiError(tempStatus.Status, tempStatus.Body, HttpStatusCode.BadRequest, "temperature", "between 0 and 1");
    }

    [Fact]
    public async Task A_truncated_multipart_body_is_a_400()
    {
        var boundary = "xyz";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nRIFF"));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        var (status, body, _) = await PostAsync(_client, "/v1/audio/transcriptions", content);
        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "file", "multipart body");
    }

    [Fact]
    public void Engine_and_decoder_failures_map_to_the_documented_statuses()
    {
        var full = AsrErrors.TryMap(new InferenceQueueFullException(512, 3))!;
        Assert.Equal(429, full.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), full.RetryAfter);
        Assert.Equal(415, AsrErrors.TryMap(new AudioDecodeException(AudioDecodeFailure.NoAudioStream, "no audio stream"))!.Status);
        Assert.Equal(413, AsrErrors.TryMap(new AudioDecodeException(AudioDecodeFailure.TooLong, "too long"))!.Status);
        Assert.Equal(503, AsrErrors.TryMap(new AudioDecodeException(AudioDecodeFailure.DecoderUnavailable, "no ffmpeg"))!.Status);
        Assert.Equal(409, AsrErrors.TryMap(AsrException.Conflict("job_finished", "done"))!.Status);
        Assert.Equal(503, AsrErrors.TryMap(AsrException.Unavailable("jobs_unavailable", "no redis", TimeSpan.FromSeconds(30)))!.Status);
        Assert.Null(AsrErrors.TryMap(new InvalidOperationException("bug")));
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>A model folder that cannot be loaded: transcription is 503 with the reason and health is Unhealthy.</summary>
public sealed class ModelNotLoadedTests
{
    [Fact]
    public async Task A_model_that_failed_to_load_gives_503_with_the_reason_and_unhealthy_health()
    {
        var folder = Directory.CreateTempSubdirectory("funasr-broken-model-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "model.onnx"), "not a model");
            await using var host = new AsrServiceHost(new Dictionary<string, string?> { ["Asr:Model:Path"] = folder });
            var client = await host.StartAsync(expectReady: false);

            var (status, body, response) = await PostAsync(client, "/v1/audio/transcriptions", Form(ToneWords.Synthesize("▁hello").ToWav()));
            AssertOpenAiError(status, body, HttpStatusCode.ServiceUnavailable, null, "The speech model is not loaded");
            Assert.NotNull(response.Headers.RetryAfter);

            var (_, problemBody, problem) = await PostAsync(client, "/api/asr/transcriptions", Form(ToneWords.Synthesize("▁hello").ToWav()));
            AssertProblem(problem, problemBody, HttpStatusCode.ServiceUnavailable, "model.onnx");

            using var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("model").GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>The engine's bounded inference queue: a request that cannot fit is refused with 429 and Retry-After.</summary>
public sealed class QueueFullTests
{
    [Fact]
    public async Task A_request_larger_than_the_free_queue_gets_429_with_retry_after_and_smaller_ones_still_pass()
    {
        await using var host = new AsrServiceHost(new Dictionary<string, string?> { ["Asr:Batching:QueueCapacity"] = "2" });
        var client = await host.StartAsync();
        // Three utterances a long pause apart: three segments, more than the queue holds.
        var threeSegments = ToneWords.Synthesize("▁hello | | | ▁world | | | ▁nice").ToWav();

        var (status, body, response) = await PostAsync(client, "/v1/audio/transcriptions", Form(threeSegments));
        AssertOpenAiError(status, body, HttpStatusCode.TooManyRequests, null, "inference queue is full");
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        var (_, problemBody, problem) = await PostAsync(client, "/api/asr/transcriptions", Form(threeSegments));
        AssertProblem(problem, problemBody, HttpStatusCode.TooManyRequests, "inference queue is full");

        var (okStatus, okBody, _) = await PostAsync(client, "/v1/audio/transcriptions", Form(ToneWords.Synthesize("▁hello ▁world").ToWav(), ("response_format", "text")));
        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal("hello world\n", okBody);
    }
}
