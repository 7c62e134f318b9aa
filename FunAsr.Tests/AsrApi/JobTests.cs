using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Recognition;
using FunAsr.Tests.AsrApi.Fakes;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FunAsr.Tests.AsrApi;

/// <summary>Jobs on a real redis-server: progress events, takeover after a worker dies, cancellation, transcripts stream.</summary>
public sealed class JobTests : IAsyncLifetime
{
    // Five tone words separated by pauses; pieces of at most 1.2 s put each word in its own piece.
    private static readonly float[] FiveWords = ToneRecognizer.Tones(
        (300, 0.5), (0, 0.5), (400, 0.5), (0, 0.5), (500, 0.5), (0, 0.5), (600, 0.5), (0, 0.5), (700, 0.5), (0, 0.3));
    private readonly string _storage = Directory.CreateTempSubdirectory("funasr-jobs-test-").FullName;
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    private AsrServiceHost Host(ToneRecognizer recognizer) => new(
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Asr:Jobs:StoragePath"] = _storage,
            ["Asr:Jobs:PollInterval"] = "00:00:00.050",
            ["Asr:Jobs:ClaimIdleTime"] = "00:00:01",
            ["Asr:Jobs:SegmentSeconds"] = "1.2",
        },
        s =>
        {
            s.AddSingleton<ISpeechRecognizer>(recognizer);
            s.AddSingleton<IAudioDecoder, WavOnlyDecoder>();
        });

    private static async Task<string> SubmitAsync(HttpClient client, byte[] audio, string title)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "lecture.wav");
        form.Add(new StringContent(title), "title");
        using var response = await client.PostAsync("/api/asr/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/api/asr/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal($"/api/asr/jobs/{id}/events", accepted.GetProperty("eventsUrl").GetString());
        return id;
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/asr/jobs/{id}");
            if (until(job) || DateTime.UtcNow > deadline)
            {
                return job;
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_job_finishes_with_progress_events_and_is_published_to_the_transcripts_stream()
    {
        await using var host = Host(new ToneRecognizer());
        var client = await host.StartAsync();
        var upload = WavFile.Encode(FiveWords);
        var id = await SubmitAsync(client, upload, "Lecture one");

        var events = await ServerSentEvents.ReadAllAsync(client, $"/api/asr/jobs/{id}/events", TimeSpan.FromSeconds(30));

        var progress = events.Where(e => e.Event == "progress").ToList();
        Assert.NotEmpty(progress);
        var total = progress[0].Data.GetProperty("total").GetInt32();
        Assert.InRange(total, 5, 6);
        Assert.All(progress, p => Assert.Equal(total, p.Data.GetProperty("total").GetInt32()));
        var done = progress.Select(p => p.Data.GetProperty("done").GetInt32()).ToList();
        Assert.Equal(done.Order(), done);
        Assert.Equal(total, done[^1]);
        Assert.Equal("w3 w4 w5 w6 w7", progress[^1].Data.GetProperty("partialText").GetString());
        var completed = Assert.Single(events, e => e.Event == "completed");
        var transcript = completed.Data.GetProperty("transcript");
        Assert.Equal("w3 w4 w5 w6 w7", transcript.GetProperty("text").GetString());
        var starts = transcript.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("start").GetDouble()).ToList();
        Assert.Equal([0.0, 1.0, 2.0, 3.0, 4.0], starts.Select(s => Math.Round(s, 1)));

        var job = await client.GetFromJsonAsync<JsonElement>($"/api/asr/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal("Lecture one", job.GetProperty("title").GetString());
        var srt = await client.GetStringAsync($"/api/asr/jobs/{id}/result?format=srt");
        Assert.StartsWith("1\n00:00:00,000 --> 00:00:00,500\nw3\n\n2\n00:00:01,000 --> ", srt);
        Assert.Equal("w3 w4 w5 w6 w7\n", await client.GetStringAsync($"/api/asr/jobs/{id}/result?format=txt"));
        Assert.StartsWith("WEBVTT", await client.GetStringAsync($"/api/asr/jobs/{id}/result?format=vtt"));
        Assert.Equal(upload, await client.GetByteArrayAsync($"/api/asr/recordings/{id}"));

        await using var redis = await _redis.ConnectAsync();
        var published = await redis.GetDatabase().StreamRangeAsync("transcripts");
        var entry = Assert.Single(published);
        Assert.Equal(id, (string?)entry["lectureId"]);
        Assert.Equal("Lecture one", (string?)entry["title"]);
        Assert.Equal("en", (string?)entry["language"]);
        using var payload = JsonDocument.Parse((string)entry["payload"]!);
        Assert.Equal(5, payload.RootElement.GetProperty("segments").GetArrayLength());
        Assert.Equal(0, await redis.GetDatabase().StreamLengthAsync("asr:jobs"));
    }

    [Fact]
    public async Task A_job_whose_worker_dies_mid_way_is_finished_by_another_replica()
    {
        var dying = new ToneRecognizer();
        var firstPieceDone = new TaskCompletionSource();
        dying.BeforeEach = async ct =>
        {
            if (dying.Calls > 2)
            {
                firstPieceDone.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        };
        string id;
        var firstHost = Host(dying);
        try
        {
            var firstClient = await firstHost.StartAsync();
            id = await SubmitAsync(firstClient, WavFile.Encode(FiveWords), "Takeover");
            await firstPieceDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var running = await WaitForStatusAsync(firstClient, id, j => j.GetProperty("progress").GetProperty("done").GetInt32() >= 1);
            Assert.Equal("running", running.GetProperty("status").GetString());
        }
        finally
        {
            await firstHost.DisposeAsync();
        }

        var survivor = new ToneRecognizer();
        await using var secondHost = Host(survivor);
        var client = await secondHost.StartAsync();
        var job = await WaitForStatusAsync(client, id, j => j.GetProperty("status").GetString() == "completed");

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal("w3 w4 w5 w6 w7", job.GetProperty("result").GetProperty("text").GetString());
        Assert.True(survivor.Calls >= 5, $"the second replica recognised {survivor.Calls} pieces");
        await using var redis = await _redis.ConnectAsync();
        Assert.Equal(2, (int)await redis.GetDatabase().HashGetAsync($"asr:job:{id}", "attempts"));
        Assert.Single(await redis.GetDatabase().StreamRangeAsync("transcripts"));
    }

    [Fact]
    public async Task A_cancelled_job_stops_and_reports_it()
    {
        var slow = new ToneRecognizer { BeforeEach = ct => Task.Delay(300, ct) };
        await using var host = Host(slow);
        var client = await host.StartAsync();
        var id = await SubmitAsync(client, WavFile.Encode(FiveWords), "Cancel me");
        await WaitForStatusAsync(client, id, j => j.GetProperty("status").GetString() == "running");

        using var cancel = await client.DeleteAsync($"/api/asr/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var events = await ServerSentEvents.ReadAllAsync(client, $"/api/asr/jobs/{id}/events", TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("failed", events[^1].Event);

        using var again = await client.DeleteAsync($"/api/asr/jobs/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        using var result = await client.GetAsync($"/api/asr/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
        await Task.Delay(500);
        Assert.True(slow.Calls < 5, "the worker kept recognising after the cancel");
        using var recording = await client.GetAsync($"/api/asr/recordings/{id}");
        Assert.Equal(HttpStatusCode.NotFound, recording.StatusCode);
    }

    [Fact]
    public async Task Unknown_jobs_are_problem_404s()
    {
        await using var host = Host(new ToneRecognizer());
        var client = await host.StartAsync();
        foreach (var url in new[] { "/api/asr/jobs/nosuchjob", "/api/asr/jobs/nosuchjob/events", "/api/asr/jobs/nosuchjob/result", "/api/asr/recordings/nosuchjob", "/api/asr/recordings/..%2F..%2Fetc%2Fpasswd" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
