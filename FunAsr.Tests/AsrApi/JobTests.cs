using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;
using StackExchange.Redis;

namespace FunAsr.Tests.AsrApi;

/// <summary>
/// Jobs on a real redis-server and the real engine (known-answer model): progress events, takeover after a worker dies,
/// cancellation, the transcripts stream.
/// </summary>
public sealed class JobTests : IAsyncLifetime
{
    // Word pairs between pauses; with segments of at most 1.2 s, recognised one per request, the job reports progress several times.
    internal static readonly ToneWordsAudio Lecture = ToneWords.Synthesize("▁hello ▁world | | ▁the ▁weather | | ▁is ▁nice | | ▁to day");
    internal const string LectureText = "hello world the weather is nice today";
    private readonly string _storage = Directory.CreateTempSubdirectory("funasr-jobs-test-").FullName;
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    private AsrServiceHost Host(RecognizerProbe? probe = null, int maxAttempts = 3) => new(
        new Dictionary<string, string?>
        {
            ["Asr:Jobs:MaxAttempts"] = maxAttempts.ToString(),
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Asr:Jobs:StoragePath"] = _storage,
            ["Asr:Jobs:PollInterval"] = "00:00:00.050",
            ["Asr:Jobs:ClaimIdleTime"] = "00:00:01",
            ["Asr:Vad:MaxSegmentSeconds"] = "1.2",
            ["Asr:Transcription:SegmentsPerRequest"] = "1",
        },
        probe: probe);

    internal static async Task<string> SubmitAsync(HttpClient client, byte[] audio, string title, string? redact = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "lecture.wav");
        form.Add(new StringContent(title), "title");
        if (redact is not null)
        {
            form.Add(new StringContent(redact), "redact");
        }
        using var response = await client.PostAsync("/api/asr/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/api/asr/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal($"/api/asr/jobs/{id}/events", accepted.GetProperty("eventsUrl").GetString());
        return id;
    }

    internal static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, Func<JsonElement, bool> until)
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
        await using var host = Host();
        var client = await host.StartAsync();
        var upload = Lecture.ToWav();
        var id = await SubmitAsync(client, upload, "Lecture one");

        var events = await ServerSentEvents.ReadAllAsync(client, $"/api/asr/jobs/{id}/events", TimeSpan.FromSeconds(30));

        var progress = events.Where(e => e.Event == "progress").ToList();
        Assert.NotEmpty(progress);
        var total = progress[0].Data.GetProperty("total").GetInt32();
        Assert.InRange(total, 3, 10);
        Assert.All(progress, p => Assert.Equal(total, p.Data.GetProperty("total").GetInt32()));
        var done = progress.Select(p => p.Data.GetProperty("done").GetInt32()).ToList();
        Assert.Equal(done.Order(), done);
        Assert.Equal(total, done[^1]);
        Assert.Equal(LectureText, progress[^1].Data.GetProperty("partialText").GetString());
        Assert.True(progress.Count >= 2 || done[0] == total, "progress was reported piece by piece");
        var completed = Assert.Single(events, e => e.Event == "completed");
        var transcript = completed.Data.GetProperty("transcript");
        Assert.Equal(LectureText, transcript.GetProperty("text").GetString());
        var words = transcript.GetProperty("segments").EnumerateArray().SelectMany(s => s.GetProperty("words").EnumerateArray()).ToList();
        Assert.Equal(["hello", "world", "the", "weather", "is", "nice", "today"], words.Select(w => w.GetProperty("word").GetString()));
        var toneStarts = Lecture.Tokens.Where(t => t.Piece.StartsWith('▁')).Select(t => t.Start).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].GetProperty("start").GetDouble(), toneStarts[i] - 0.06, toneStarts[i] + 0.06);
        }

        var job = await client.GetFromJsonAsync<JsonElement>($"/api/asr/jobs/{id}");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal("Lecture one", job.GetProperty("title").GetString());
        var srt = AsrRequests.ParseCues(await client.GetStringAsync($"/api/asr/jobs/{id}/result?format=srt"), vtt: false);
        Assert.Equal(LectureText, string.Join(' ', srt.Select(c => c.Text)));
        var segments = transcript.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("text").GetString()).ToList();
        Assert.Equal(string.Concat(segments.Select(s => s + "\n")), await client.GetStringAsync($"/api/asr/jobs/{id}/result?format=txt"));
        var vtt = AsrRequests.ParseCues(await client.GetStringAsync($"/api/asr/jobs/{id}/result?format=vtt"), vtt: true);
        Assert.Equal(srt.Select(c => (c.Start, c.End, c.Text)), vtt.Select(c => (c.Start, c.End, c.Text)));
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/asr/jobs/{id}/result?format=json"));
        Assert.Equal(LectureText, json.RootElement.GetProperty("text").GetString());
        Assert.Equal(upload, await client.GetByteArrayAsync($"/api/asr/recordings/{id}"));

        await using var redis = await _redis.ConnectAsync();
        var published = await redis.GetDatabase().StreamRangeAsync("transcripts");
        var entry = Assert.Single(published);
        Assert.Equal(id, (string?)entry["lectureId"]);
        Assert.Equal("Lecture one", (string?)entry["title"]);
        Assert.Equal("en", (string?)entry["language"]);
        using var payload = JsonDocument.Parse((string)entry["payload"]!);
        Assert.Equal(LectureText, payload.RootElement.GetProperty("text").GetString());
        Assert.Equal(segments, payload.RootElement.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("text").GetString()));
        Assert.Equal(0, await redis.GetDatabase().StreamLengthAsync("asr:jobs"));
    }

    [Fact]
    public async Task A_job_whose_worker_dies_mid_way_is_finished_by_another_replica()
    {
        // Call 1 is the engine's warm-up, call 2 the first piece; the worker then hangs until its host is stopped.
        var firstPieceDone = new TaskCompletionSource();
        var dying = new RecognizerProbe
        {
            BeforeCall = async (call, ct) =>
            {
                if (call > 2)
                {
                    firstPieceDone.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
        };
        string id;
        var firstHost = Host(dying);
        try
        {
            var firstClient = await firstHost.StartAsync();
            id = await SubmitAsync(firstClient, Lecture.ToWav(), "Takeover");
            await firstPieceDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var running = await WaitForStatusAsync(firstClient, id, j => j.GetProperty("progress").GetProperty("done").GetInt32() >= 1);
            Assert.Equal("running", running.GetProperty("status").GetString());
        }
        finally
        {
            await firstHost.DisposeAsync();
        }

        var survivor = new RecognizerProbe();
        await using var secondHost = Host(survivor);
        var client = await secondHost.StartAsync();
        var job = await WaitForStatusAsync(client, id, j => j.GetProperty("status").GetString() == "completed");

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(LectureText, job.GetProperty("result").GetProperty("text").GetString());
        Assert.True(survivor.Calls >= 3, $"the second replica recognised {survivor.Calls - 1} pieces");
        await using var redis = await _redis.ConnectAsync();
        Assert.Equal(2, (int)await redis.GetDatabase().HashGetAsync($"asr:job:{id}", "attempts"));
        Assert.Single(await redis.GetDatabase().StreamRangeAsync("transcripts"));
    }

    [Fact]
    public async Task A_job_that_keeps_killing_its_workers_fails_after_the_attempt_limit_instead_of_looping()
    {
        var started = new TaskCompletionSource();
        var hanging = new RecognizerProbe
        {
            BeforeCall = async (call, ct) =>
            {
                if (call > 1)
                {
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
        };
        string id;
        var firstHost = Host(hanging, maxAttempts: 1);
        try
        {
            id = await SubmitAsync(await firstHost.StartAsync(), Lecture.ToWav(), "Poison");
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await firstHost.DisposeAsync();
        }

        await using var secondHost = Host(maxAttempts: 1);
        var client = await secondHost.StartAsync();
        var job = await WaitForStatusAsync(client, id, j => j.GetProperty("status").GetString() == "failed");
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("Gave up after 1 attempts", job.GetProperty("error").GetString());
        await using var redis = await _redis.ConnectAsync();
        Assert.Equal(0, await redis.GetDatabase().StreamLengthAsync("asr:jobs"));
    }

    [Fact]
    public async Task A_cancelled_job_stops_and_reports_it()
    {
        var slow = new RecognizerProbe { BeforeCall = (_, ct) => Task.Delay(300, ct) };
        await using var host = Host(slow);
        var client = await host.StartAsync();
        var id = await SubmitAsync(client, Lecture.ToWav(), "Cancel me");
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
        var callsAfterCancel = slow.Calls;
        await Task.Delay(800);
        Assert.True(slow.Calls <= callsAfterCancel + 1, "the worker kept recognising after the cancel");
        using var recording = await client.GetAsync($"/api/asr/recordings/{id}");
        Assert.Equal(HttpStatusCode.NotFound, recording.StatusCode);
    }

    [Fact]
    public async Task An_undecodable_job_fails_with_ffmpegs_reason_and_bad_submissions_are_refused()
    {
        await using var host = Host();
        var client = await host.StartAsync();
        var garbage = new byte[5000];
        new Random(3).NextBytes(garbage);
        var id = await SubmitAsync(client, garbage, "Noise");

        var events = await ServerSentEvents.ReadAllAsync(client, $"/api/asr/jobs/{id}/events", TimeSpan.FromSeconds(30));
        var failed = Assert.Single(events);
        Assert.Equal("failed", failed.Event);
        Assert.Contains("Invalid data", failed.Data.GetProperty("error").GetString());
        var job = await client.GetFromJsonAsync<JsonElement>($"/api/asr/jobs/{id}");
        Assert.Equal("failed", job.GetProperty("status").GetString());

        var (_, missingBody, missing) = await AsrRequests.PostAsync(client, "/api/asr/jobs", AsrRequests.Form((byte[]?)null, ("title", "no file")));
        AsrRequests.AssertProblem(missing, missingBody, HttpStatusCode.BadRequest, "'file'");
        var (_, uploadBody, upload) = await AsrRequests.PostAsync(client, "/api/asr/jobs", AsrRequests.Form((byte[]?)null, ("uploadId", "abc123")));
        AsrRequests.AssertProblem(upload, uploadBody, HttpStatusCode.BadRequest, "No kept recording");
        var (_, langBody, lang) = await AsrRequests.PostAsync(client, "/api/asr/jobs", AsrRequests.Form(Lecture.ToWav(), ("language", "xx")));
        AsrRequests.AssertProblem(lang, langBody, HttpStatusCode.BadRequest, "Valid values: auto");

        // A kept recording can be transcribed again by reference, without uploading it.
        var first = await SubmitAsync(client, Lecture.ToWav(), "Original");
        await WaitForStatusAsync(client, first, j => j.GetProperty("status").GetString() == "completed");
        using var again = AsrRequests.Form((byte[]?)null, ("uploadId", first), ("itn", "false"));
        var (status, body, _) = await AsrRequests.PostAsync(client, "/api/asr/jobs", again);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var second = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        var redone = await WaitForStatusAsync(client, second, j => j.GetProperty("status").GetString() == "completed");
        Assert.Equal(LectureText, redone.GetProperty("result").GetProperty("text").GetString());
        Assert.Contains("<|woitn|>", redone.GetProperty("result").GetProperty("richText").GetString());
        Assert.Empty(Directory.GetFiles(_storage, "*.partial"));
    }

    [Fact]
    public async Task Unknown_jobs_are_problem_404s()
    {
        await using var host = Host();
        var client = await host.StartAsync();
        foreach (var url in new[] { "/api/asr/jobs/nosuchjob", "/api/asr/jobs/nosuchjob/events", "/api/asr/jobs/nosuchjob/result", "/api/asr/recordings/nosuchjob", "/api/asr/recordings/..%2F..%2Fetc%2Fpasswd" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
