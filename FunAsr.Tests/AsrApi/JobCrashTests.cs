using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Transcription;
using FunAsr.Messaging;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static FunAsr.Tests.AsrApi.JobTests;

namespace FunAsr.Tests.AsrApi;

/// <summary>
/// The job queue under crashes and a stalled Redis, on a real redis-server: a worker dies at each step of a job (after
/// claiming it, mid-recognition, after recognising but before publishing, after publishing but before acknowledging),
/// loses its Redis connection mid-job, or Redis freezes (SIGSTOP) mid-job; every time the job ends completed once and
/// the <c>transcripts</c> stream holds exactly one entry for it.
/// A killed process leaves behind only what it wrote to Redis and the shared folder; the "died after step X" tests build
/// exactly that state with the service's own store and outbox (acting as the dead replica, consumer <c>dead-replica</c>),
/// then let a live replica find it.
/// </summary>
public sealed class JobCrashTests : IAsyncLifetime
{
    private const string DeadReplica = "dead-replica";
    private readonly string _storage = Directory.CreateTempSubdirectory("funasr-jobcrash-test-").FullName;
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    private AsrServiceHost Host(string replica, RecognizerProbe? probe = null, int workers = 1, string claimIdle = "00:00:02",
        Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Asr:Jobs:StoragePath"] = _storage,
            ["Asr:Jobs:WorkersPerReplica"] = workers.ToString(),
            ["Asr:Jobs:PollInterval"] = "00:00:00.050",
            ["Asr:Jobs:ClaimIdleTime"] = claimIdle,
            ["Asr:Vad:MaxSegmentSeconds"] = "1.2",
            ["Asr:Transcription:SegmentsPerRequest"] = "1",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        // Two replicas in one test process would share the default consumer name (machine and process id).
        return new AsrServiceHost(settings, services => services.PostConfigure<StreamConsumerOptions>(
            RedisStreamConsumer<JobEntryHandler>.OptionsName, consumer => consumer.ConsumerName = replica), probe);
    }

    /// <summary>Submits a job on a replica that runs no workers, then claims it as the replica that will die: the job is running on it, attempt 1.</summary>
    private async Task<(string Id, AsrServiceHost Api)> SubmitAndClaimAsDeadReplicaAsync(IDatabase db, string? redact = null)
    {
        var api = Host("api-only", workers: 0);
        var client = await api.StartAsync();
        var id = await SubmitAsync(client, Lecture.ToWav(), "Crash", redact);
        try
        {
            await db.StreamCreateConsumerGroupAsync("asr:jobs", "asr-workers", StreamPosition.Beginning);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP"))
        {
        }
        var entry = Assert.Single(await db.StreamReadGroupAsync("asr:jobs", "asr-workers", DeadReplica, StreamPosition.NewMessages));
        Assert.Equal(id, (string?)entry[JobQueue.JobIdField]);
        Assert.Equal(1, await api.Services.GetRequiredService<JobStore>().StartAsync(db, id, DeadReplica, entry.Id!));
        return (id, api);
    }

    /// <summary>Polls the job until it ends, as a client honouring <c>Retry-After</c> would: a 503 (Redis just back, or away) is asked again.</summary>
    internal static async Task<JsonElement> WaitForFinalAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            using var response = await client.GetAsync($"/api/asr/jobs/{id}");
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var job = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (job.GetProperty("status").GetString() is "completed" or "failed" or "cancelled" || DateTime.UtcNow > deadline)
                {
                    return job;
                }
            }
            else
            {
                Assert.True(DateTime.UtcNow < deadline, "the job API kept answering 503");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>One completed job with the lecture's text, one entry for it on the transcripts stream, nothing left queued or active.</summary>
    private static async Task<JsonElement> AssertFinishedOnceAsync(HttpClient client, IDatabase db, string id, string text)
    {
        var job = await WaitForFinalAsync(client, id);
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(text, job.GetProperty("result").GetProperty("text").GetString());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await db.StreamLengthAsync("asr:jobs") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, await db.StreamLengthAsync("asr:jobs"));
        // Longer than the claim idle time: a duplicate delivery would have been handled by now.
        await Task.Delay(2500);
        var published = await db.StreamRangeAsync("transcripts");
        var entry = Assert.Single(published);
        Assert.Equal(id, (string?)entry["jobId"]);
        Assert.Equal(id, (string?)entry["lectureId"]);
        using var payload = JsonDocument.Parse((string)entry["payload"]!);
        Assert.Equal(text, payload.RootElement.GetProperty("text").GetString());
        Assert.Null(await db.SortedSetScoreAsync(JobStore.ActiveKey, id));
        Assert.Equal("completed", (string?)await db.HashGetAsync(JobStore.Key(id), "status"));
        return job;
    }

    [Fact]
    public async Task A_replica_killed_right_after_claiming_a_job_leaves_it_to_another_that_finishes_and_publishes_it_once()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        var (id, api) = await SubmitAndClaimAsDeadReplicaAsync(db);
        await api.DisposeAsync();

        var probe = new RecognizerProbe();
        await using var survivor = Host("survivor", probe);
        var client = await survivor.StartAsync();
        await AssertFinishedOnceAsync(client, db, id, LectureText);
        // Taken over (a third attempt is possible only if this busy machine starved the survivor's own lease).
        Assert.InRange((int)await db.HashGetAsync(JobStore.Key(id), "attempts"), 2, 3);
        Assert.Equal("survivor", (string?)await db.HashGetAsync(JobStore.Key(id), "worker"));
    }

    [Fact]
    public async Task A_replica_killed_mid_recognition_leaves_its_partial_progress_to_another_that_starts_over_and_publishes_once()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        var (id, api) = await SubmitAndClaimAsDeadReplicaAsync(db);
        var store = api.Services.GetRequiredService<JobStore>();
        Assert.Equal(JobWrite.Done, await store.ReportProgressAsync(db, id, 1, 1, 4, "hello world"));
        await api.DisposeAsync();

        var probe = new RecognizerProbe();
        await using var survivor = Host("survivor", probe);
        var client = await survivor.StartAsync();
        var job = await AssertFinishedOnceAsync(client, db, id, LectureText);
        Assert.Equal(job.GetProperty("progress").GetProperty("total").GetInt32(), job.GetProperty("progress").GetProperty("done").GetInt32());
        // Taken over (a third attempt is possible only if this busy machine starved the survivor's own lease).
        Assert.InRange((int)await db.HashGetAsync(JobStore.Key(id), "attempts"), 2, 3);
    }

    [Fact]
    public async Task A_replica_killed_after_recognising_but_before_publishing_is_completed_from_the_outbox_without_recognising_again()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        var (id, api) = await SubmitAndClaimAsDeadReplicaAsync(db);
        // What the dead replica recognised: marked so the test can tell it from a second recognition.
        var recognised = new Transcript(id, "Crash", "known-answer", "en", null, null, 4.0, "recognised before the crash",
            "recognised before the crash", [new TranscriptSegment(0, 0, 4.0, "recognised before the crash", "recognised before the crash", "en", null, null, [])]);
        await api.Services.GetRequiredService<JobResultOutbox>().WriteAsync(id, new RecognizedJob(recognised), CancellationToken.None);
        await api.DisposeAsync();

        var probe = new RecognizerProbe();
        await using var survivor = Host("survivor", probe);
        var client = await survivor.StartAsync();
        await AssertFinishedOnceAsync(client, db, id, "recognised before the crash");
        Assert.Equal(1, probe.Calls); // the engine's warm-up only: the audio was not recognised again
        Assert.Empty(Directory.GetFiles(_storage, "*" + JobResultOutbox.Extension));
    }

    [Fact]
    public async Task A_redacted_job_completed_from_the_outbox_records_its_redaction_once_with_the_counts_the_outbox_kept()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        var (id, api) = await SubmitAndClaimAsDeadReplicaAsync(db, redact: "pii");
        const string text = "call [PHONE] before the crash";
        var recognised = new Transcript(id, "Crash", "known-answer", "en", null, null, 4.0, text, text, [new TranscriptSegment(0, 0, 4.0, text, text, "en", null, null, [])]);
        // Counts the dead replica found (the lecture itself holds nothing personal, so these can only come from the outbox).
        await api.Services.GetRequiredService<JobResultOutbox>().WriteAsync(id,
            new RecognizedJob(recognised, Redacted: new Dictionary<string, int> { ["phone"] = 3 }), CancellationToken.None);
        await api.DisposeAsync();

        var probe = new RecognizerProbe();
        await using var survivor = Host("survivor", probe);
        var client = await survivor.StartAsync();
        await AssertFinishedOnceAsync(client, db, id, text);
        Assert.Equal(1, probe.Calls);

        await AssertOneJobRedactionAsync(db, id, "{\"phone\":3}");
    }

    [Fact]
    public async Task A_replica_killed_after_publishing_but_before_acknowledging_is_not_published_twice()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        var (id, api) = await SubmitAndClaimAsDeadReplicaAsync(db);
        var recognised = new Transcript(id, "Crash", "known-answer", "en", null, null, 4.0, LectureText, LectureText, []);
        Assert.Equal(JobWrite.Done, await api.Services.GetRequiredService<JobStore>().CompleteAsync(db, id, 1, recognised,
            TranscriptPublisher.EntryFields(id, recognised, FunAsr.Security.Authorization.Ownership.Shared), redaction: null));
        await api.DisposeAsync();
        // Its stream entry is still pending on the dead replica.
        Assert.Equal(1, (await db.StreamPendingAsync("asr:jobs", "asr-workers")).PendingMessageCount);

        var probe = new RecognizerProbe();
        await using var survivor = Host("survivor", probe);
        var client = await survivor.StartAsync();
        await AssertFinishedOnceAsync(client, db, id, LectureText);
        Assert.Equal(1, probe.Calls);
        Assert.Equal(1, (int)await db.HashGetAsync(JobStore.Key(id), "attempts"));
    }

    [Fact]
    public async Task A_redacted_job_whose_replica_died_right_after_completing_has_its_redaction_recorded_once_however_often_the_completion_was_tried()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        var (id, api) = await SubmitAndClaimAsDeadReplicaAsync(db, redact: "pii");
        const string text = "call [PHONE] before the crash";
        var recognised = new Transcript(id, "Crash", "known-answer", "en", null, null, 4.0, text, text, []);
        var store = api.Services.GetRequiredService<JobStore>();
        var spec = (await store.GetSpecAsync(db, id))!;
        var fields = TranscriptPublisher.EntryFields(id, recognised, spec.Ownership);
        var redaction = RedactionEntry.ForJob(id, spec.Ownership, "pii", new Dictionary<string, int> { ["phone"] = 1 }, DateTimeOffset.UtcNow);
        // The completion as the dead replica wrote it, then a retry of it (its first reply was lost) and a stale attempt's.
        Assert.Equal(JobWrite.Done, await store.CompleteAsync(db, id, 1, recognised, fields, redaction));
        Assert.Equal(JobWrite.Done, await store.CompleteAsync(db, id, 1, recognised, fields, redaction));
        Assert.Equal(JobWrite.Superseded, await store.CompleteAsync(db, id, 2, recognised, fields, redaction));
        await api.DisposeAsync();

        var probe = new RecognizerProbe();
        await using var survivor = Host("survivor", probe);
        var client = await survivor.StartAsync();
        await AssertFinishedOnceAsync(client, db, id, text);
        Assert.Equal(1, probe.Calls);
        // Written with the completion, so the replica's death cost nothing; no try, and no later reader, added another.
        await AssertOneJobRedactionAsync(db, id, "{\"phone\":1}");
    }

    /// <summary>The one entry on the redactions stream: the job's, for its submitter, with these counts by kind.</summary>
    private static async Task AssertOneJobRedactionAsync(IDatabase db, string id, string spans)
    {
        var entry = Assert.Single(await db.StreamRangeAsync(ComplianceChannels.RedactionsStream));
        var record = JsonDocument.Parse(entry[ComplianceChannels.RedactionField].ToString()).RootElement;
        Assert.Equal(id, record.GetProperty("id").GetString());
        Assert.Equal(RedactionSources.Job, record.GetProperty("source").GetString());
        Assert.Equal("pii", record.GetProperty("classes").GetString());
        Assert.Equal(spans, record.GetProperty("spans").GetRawText());
        Assert.Equal(FunAsr.Tests.Security.TestTokens.Admin.Subject, record.GetProperty("submitterId").GetString());
    }

    [Fact]
    public async Task A_worker_whose_lease_cannot_be_renewed_stops_the_job_and_another_replica_finishes_it_once()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        var holding = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        var cutOff = new RecognizerProbe
        {
            BeforeCall = async (call, ct) =>
            {
                if (call > 2)
                {
                    holding.TrySetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        stopped.TrySetResult();
                        throw;
                    }
                }
            },
        };
        await using var first = Host("cut-off", cutOff);
        var id = await SubmitAsync(await first.StartAsync(), Lecture.ToWav(), "Cut off");
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The replica's link to Redis dies while it recognises: it can no longer renew its lease.
        await first.Services.GetRequiredService<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false);
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var survivor = new RecognizerProbe();
        await using var second = Host("survivor", survivor);
        var client = await second.StartAsync();
        await AssertFinishedOnceAsync(client, db, id, LectureText);
        // Taken over (a third attempt is possible only if this busy machine starved the survivor's own lease).
        Assert.InRange((int)await db.HashGetAsync(JobStore.Key(id), "attempts"), 2, 3);
        Assert.Equal("survivor", (string?)await db.HashGetAsync(JobStore.Key(id), "worker"));
    }

    [Fact]
    public async Task With_Redis_frozen_mid_job_the_job_waits_and_finishes_once_sync_transcription_goes_on_and_the_api_answers_503()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        var atSecondPiece = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        var probe = new RecognizerProbe
        {
            BeforeCall = async (call, ct) =>
            {
                if (call == 3)
                {
                    atSecondPiece.TrySetResult();
                    await gate.Task.WaitAsync(ct);
                }
            },
        };
        // The lease outlasts the freeze, so the worker keeps the job and carries on.
        await using var host = Host("replica", probe, claimIdle: "00:00:30");
        var client = await host.StartAsync();
        var id = await SubmitAsync(client, Lecture.ToWav(), "Frozen");
        await atSecondPiece.Task.WaitAsync(TimeSpan.FromSeconds(30));

        _redis.Pause();
        try
        {
            gate.SetResult();
            // Sync transcription does without the cache.
            var (syncStatus, syncBody, _) = await AsrRequests.PostAsync(client, "/v1/audio/transcriptions",
                AsrRequests.Form(Lecture.ToWav(), ("response_format", "text")));
            Assert.Equal(HttpStatusCode.OK, syncStatus);
            Assert.Equal(LectureText + "\n", syncBody);
            // Job reads and submissions are a 503 to retry, never a 500.
            using (var read = await client.GetAsync($"/api/asr/jobs/{id}"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
                Assert.NotNull(read.Headers.RetryAfter);
                Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            }
            var (_, submitBody, submit) = await AsrRequests.PostAsync(client, "/api/asr/jobs", AsrRequests.Form(Lecture.ToWav()));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, submit.StatusCode);
            Assert.NotNull(submit.Headers.RetryAfter);
            Assert.Contains("redis", submitBody, StringComparison.OrdinalIgnoreCase);
            using var health = await client.GetAsync("/health");
            using var healthJson = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("Degraded", healthJson.RootElement.GetProperty("status").GetString());
        }
        finally
        {
            _redis.Resume();
        }

        await AssertFinishedOnceAsync(client, db, id, LectureText);
        // The worker kept its job through the freeze: no second attempt.
        Assert.Equal(1, (int)await db.HashGetAsync(JobStore.Key(id), "attempts"));
    }

    [Fact]
    public async Task A_lost_consumer_group_is_recreated_reported_on_health_and_the_queue_goes_on()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        await using var host = Host("replica");
        var client = await host.StartAsync();
        var first = await SubmitAsync(client, Lecture.ToWav(), "Before");
        Assert.Equal("completed", (await WaitForFinalAsync(client, first)).GetProperty("status").GetString());

        await db.ExecuteAsync("XGROUP", "DESTROY", "asr:jobs", "asr-workers");
        var second = await SubmitAsync(client, Lecture.ToWav(), "After");
        var job = await WaitForFinalAsync(client, second);
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(LectureText, job.GetProperty("result").GetProperty("text").GetString());
        Assert.Equal(2, await db.StreamLengthAsync("transcripts"));

        using var health = await client.GetAsync("/health");
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var jobs = json.RootElement.GetProperty("checks").GetProperty("jobs");
        Assert.Equal("Degraded", jobs.GetProperty("status").GetString());
        Assert.Contains("recreated", jobs.GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_sweeper_requeues_jobs_whose_stream_was_lost_fails_those_without_audio_and_drops_records_that_are_gone()
    {
        await using var connection = await _redis.ConnectAsync();
        var db = connection.GetDatabase();
        string requeued, audioless;
        await using (var api = Host("api-only", workers: 0))
        {
            var apiClient = await api.StartAsync();
            requeued = await SubmitAsync(apiClient, Lecture.ToWav(), "Lost entry");
            audioless = await SubmitAsync(apiClient, Lecture.ToWav(), "Lost entry and audio");
            api.Services.GetRequiredService<JobAudioStore>().Delete(audioless);
            // A job listed as unfinished whose record is gone, with its audio still stored.
            await db.SortedSetAddAsync(JobStore.ActiveKey, "ghost", 0);
            await File.WriteAllBytesAsync(api.Services.GetRequiredService<JobAudioStore>().PathOf("ghost"), Lecture.ToWav());
        }
        // The job stream is lost (deleted, or Redis came back without it): nothing names the queued jobs any more.
        await db.KeyDeleteAsync("asr:jobs");

        await using var host = Host("replica", extra: new()
        {
            ["Asr:Jobs:SweepInterval"] = "00:00:00.200",
            ["Asr:Jobs:OrphanGrace"] = "00:00:00.300",
        });
        var client = await host.StartAsync();
        await AssertFinishedOnceAsync(client, db, requeued, LectureText);
        var failed = await WaitForFinalAsync(client, audioless);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("lost from the queue", failed.GetProperty("error").GetString());
        await QaBot.QaBotFixtures.WaitUntilAsync(async () => await db.SortedSetLengthAsync(JobStore.ActiveKey) == 0, "the active set is empty");
        Assert.False(host.Services.GetRequiredService<JobAudioStore>().Exists("ghost"));
    }
}
