using System.Net;
using FunAsr.AsrService.Admission;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Fuzzing;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.Audio;

/// <summary>
/// The uploads against the service (in this test process, so a crash would take the test run down with it):
/// each gets a clear 4xx, a replica at capacity answers 503 with Retry-After, and the service keeps serving.
/// </summary>
public sealed class HostileUploadTests : IAsyncLifetime
{
    private readonly TestMedia _media = new();
    private AsrServiceHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = new AsrServiceHost(new Dictionary<string, string?>
        {
            ["Asr:Admission:MemoryBudgetMegabytes"] = "64",
            ["Asr:Admission:MaxQueueWait"] = "00:00:00.200",
        });
        _client = await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _media.Dispose();
    }

    [Fact]
    public async Task The_mp4_with_200000_nested_boxes_gets_400_and_the_service_keeps_serving()
    {
        var (status, body, _) = await PostAsync(_client, "/v1/audio/transcriptions", Form([(IsoBoxes.NestedTrakMp4(200_000), "deep.mp4")]));

        AssertOpenAiError(status, body, HttpStatusCode.BadRequest, "file", "nests its boxes more than 16 levels deep");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Four_hours_of_silent_flac_get_413_from_the_header()
    {
        var flac = _media.Ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "14400", "-c:a", "flac", "-compression_level", "8", "silence.flac");
        Assert.InRange(flac.Length, 2_000_000, 3_500_000);

        var (status, body, _) = await PostAsync(_client, "/v1/audio/transcriptions", Form([(flac, "silence.flac")]));

        AssertOpenAiError(status, body, HttpStatusCode.RequestEntityTooLarge, "file", "declared by its container as 14400 s long; the limit is 1800 s");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task The_3_9_hour_wav_at_1_khz_gets_413_from_the_header()
    {
        var (status, body, response) = await PostAsync(_client, "/api/asr/transcriptions", Form([(CraftedWav.EightBitKilohertzSilence(), "bomb.wav")]));

        AssertProblem(response, body, HttpStatusCode.RequestEntityTooLarge, "Use POST /api/asr/jobs for longer recordings.");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_replica_whose_memory_is_taken_answers_503_with_retry_after()
    {
        var memory = _host.Services.GetRequiredService<AdmissionControl>().Memory;
        using (await memory.AcquireAsync(memory.Capacity, CancellationToken.None))
        {
            var (status, body, response) = await PostAsync(_client, "/v1/audio/transcriptions", Form(ToneWords.Synthesize("▁hello ▁world").ToWav()));

            AssertOpenAiError(status, body, HttpStatusCode.ServiceUnavailable, null, "stayed at capacity");
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Audio_that_cannot_fit_the_replicas_whole_budget_gets_413()
    {
        // Twenty minutes is within the sync limit but needs 77 MB of samples, more than this replica's 64 MB.
        var twentyMinutes = _media.Ffmpeg("-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "1200", "-c:a", "flac", "twenty.flac");

        var (status, body, _) = await PostAsync(_client, "/v1/audio/transcriptions", Form([(twentyMinutes, "twenty.flac")]));

        AssertOpenAiError(status, body, HttpStatusCode.RequestEntityTooLarge, "file", "Asr:Admission");
        Assert.Equal(0, _host.Services.GetRequiredService<AdmissionControl>().Memory.InUse);
    }

    private async Task AssertStillServingAsync()
    {
        var (status, body, _) = await PostAsync(_client, "/v1/audio/transcriptions",
            Form([(ToneWords.Synthesize("▁hello ▁world").ToWav(), "speech.wav")], ("response_format", "text")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello world\n", body);
    }
}
