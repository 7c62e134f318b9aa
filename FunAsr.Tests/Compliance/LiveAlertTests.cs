using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Telemetry;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Webhooks;
using FunAsr.Messaging;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Security;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.Compliance;

/// <summary>
/// The speech service and the compliance service on one real Redis, as the AppHost runs them: the compliance user's
/// term list reaches detection through Redis, a finding in a live final comes back on the caption stream and reaches
/// the alerts inbox and a signed webhook within 2 s, and jobs redact with the same list.
/// </summary>
public sealed class LiveAlertTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-live-tests-0123456789";
    private readonly ConcurrentQueue<(string Event, string Signature, string Body, long At)> _received = new();
    private RedisServer _redis = null!;
    private StandInService _receiver = null!;
    private ComplianceHost _compliance = null!;
    private AsrServiceHost _asr = null!;
    private HttpClient _asrClient = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _receiver = await StandInService.StartAsync("webhooks", app => app.MapPost("/hook", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            _received.Enqueue((context.Request.Headers[WebhookSignature.EventHeader].ToString(), context.Request.Headers[WebhookSignature.Header].ToString(),
                body, Stopwatch.GetTimestamp()));
            return Results.Ok();
        }));
        _compliance = new ComplianceHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Compliance:Live:TermListPublishInterval"] = "00:00:00.200",
            ["Compliance:Webhooks:0:Name"] = "siem",
            ["Compliance:Webhooks:0:Url"] = new Uri(_receiver.Address, "/hook").ToString(),
            ["Compliance:Webhooks:0:Secret"] = Secret,
        });
        _asr = new AsrServiceHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Asr:Jobs:PollInterval"] = "00:00:00.100",
            ["Asr:Compliance:TermListRefresh"] = "00:00:00.200",
        });
        _asrClient = await _asr.StartAsync();

        // The compliance user lists a customer on the page; the list reaches the speech service through Redis.
        using var officer = _compliance.Client(ComplianceHost.Officer);
        (await officer.PostAsJsonAsync("/api/compliance/terms", new { term = "Hello World", kind = "customer", aliases = new[] { "HW Group" } })).EnsureSuccessStatusCode();
        await using var redis = await _redis.ConnectAsync();
        await WaitForAsync(async () => (await redis.GetDatabase().StringGetAsync(ComplianceChannels.TermListKey)).ToString()?.Contains("Hello World") == true);
        var terms = _asr.Services.GetRequiredService<SharedTermSource>();
        await terms.RefreshAsync();
        Assert.Contains(terms.Current.Terms, t => t.Term == "Hello World");
    }

    public async Task DisposeAsync()
    {
        await _asr.DisposeAsync();
        await _compliance.DisposeAsync();
        await _receiver.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_listed_customer_said_live_raises_an_alert_on_the_caption_stream_in_the_inbox_and_at_the_webhook_within_two_seconds()
    {
        using var officer = _compliance.Client(ComplianceHost.Officer);
        officer.Timeout = TimeSpan.FromMinutes(1);
        using var inbox = await officer.GetAsync("/api/compliance/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        using var events = new StreamReader(await inbox.Content.ReadAsStreamAsync());

        var client = FunAsr.Tests.Streaming.LiveSocket.SignedClient(_asr, TestTokens.Person("wang.employee", Roles.Employee));
        using var socket = await client.ConnectAsync(new Uri(_asr.Server.BaseAddress, "/api/asr/stream"), CancellationToken.None);
        await SendJsonAsync(socket, new { type = "start", language = "auto", itn = true, sample_rate = 16000, format = "pcm_s16le" });
        var pcm = ToneWords.Synthesize("今天 天气 很好 。 | | | | | ▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day | | | | |").ToWav()[44..];
        var sender = Task.Run(async () =>
        {
            for (var offset = 0; offset < pcm.Length; offset += 3_200)
            {
                await socket.SendAsync(pcm.AsMemory(offset, Math.Min(3_200, pcm.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
                await Task.Delay(25);
            }
            await SendJsonAsync(socket, new { type = "stop" });
        });

        // The caption stream: the final that holds the name, then its alert.
        var messages = new List<(JsonElement Message, long At)>();
        var buffer = new byte[64 * 1024];
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                messages.Add((JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone(), Stopwatch.GetTimestamp()));
            }
        }
        await sender;
        var types = messages.Select(m => m.Message.GetProperty("type").GetString()).ToList();
        var finalAt = messages.FindIndex(m => m.Message.GetProperty("type").GetString() == "final" && m.Message.GetProperty("text").GetString()!.StartsWith("hello"));
        Assert.True(finalAt >= 0, string.Join(",", types));
        var alert = messages[finalAt + 1].Message;
        Assert.Equal("alert", alert.GetProperty("type").GetString());
        Assert.Equal("customer", alert.GetProperty("kind").GetString());
        Assert.Equal("Hello World", alert.GetProperty("term").GetString());
        Assert.True(alert.GetProperty("reported").GetBoolean());
        Assert.True(alert.GetProperty("start").GetDouble() > 1, "the alert carries the time the name was said");
        Assert.Single(types, t => t == "alert"); // the Chinese sentence holds nothing listed
        var sessionId = messages[0].Message.GetProperty("sessionId").GetString();
        var finalReceived = messages[finalAt].At;

        // The inbox: the alert arrives on its stream without asking again, within 2 s of the final.
        string data;
        while (true)
        {
            var (name, payload) = await NextEventAsync(events);
            if (name == "alert")
            {
                data = payload;
                break;
            }
        }
        var inboxDelay = Stopwatch.GetElapsedTime(finalReceived);
        var entry = JsonDocument.Parse(data).RootElement;
        Assert.Equal("customer", entry.GetProperty("kind").GetString());
        Assert.Equal("live", entry.GetProperty("source").GetString());
        Assert.Equal(sessionId, entry.GetProperty("sourceId").GetString());
        Assert.Equal("wang.employee", entry.GetProperty("personName").GetString());
        Assert.Contains("Hello World", entry.GetProperty("excerpt").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(inboxDelay < TimeSpan.FromSeconds(2), $"the inbox had the alert {inboxDelay.TotalMilliseconds:0} ms after the final");

        // The webhook: one signed alert.raised delivery, also within 2 s.
        await WaitForAsync(() => Task.FromResult(_received.Any(r => r.Event == WebhookEvents.AlertRaised)));
        var delivery = _received.Single(r => r.Event == WebhookEvents.AlertRaised);
        var webhookDelay = Stopwatch.GetElapsedTime(finalReceived, delivery.At);
        Assert.True(WebhookSignature.Verify(Secret, delivery.Signature, delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.Equal(sessionId, JsonDocument.Parse(delivery.Body).RootElement.GetProperty("data").GetProperty("sourceId").GetString());
        Assert.True(webhookDelay < TimeSpan.FromSeconds(2), $"the webhook had the alert {webhookDelay.TotalMilliseconds:0} ms after the final");
        Console.WriteLine($"live alert: inbox {inboxDelay.TotalMilliseconds:0} ms, webhook {webhookDelay.TotalMilliseconds:0} ms after the final");
    }

    /// <summary>Submits a job of <paramref name="speech"/> with these form fields and waits until it has completed; its id.</summary>
    private async Task<string> CompletedJobAsync(byte[] speech, params (string Name, string Value)[] fields)
    {
        var (status, body, _) = await PostAsync(_asrClient, "/api/asr/jobs", Form(speech, fields));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        await WaitForAsync(async () => (await _asrClient.GetFromJsonAsync<JsonElement>($"/api/asr/jobs/{id}")).GetProperty("status").GetString() == "completed",
            TimeSpan.FromSeconds(30));
        return id;
    }

    [Fact]
    public async Task A_job_with_redact_pii_stores_and_publishes_the_masked_transcript_and_hands_the_clear_one_apart()
    {
        var speech = ToneWords.Synthesize("▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day").ToWav();
        var id = await CompletedJobAsync(speech, ("redact", "pii"), ("title", "call"));

        var json = await _asrClient.GetStringAsync($"/api/asr/jobs/{id}/result");
        var srt = await _asrClient.GetStringAsync($"/api/asr/jobs/{id}/result?format=srt");
        Assert.Equal("[CUSTOMER] the weather is nice today", JsonDocument.Parse(json).RootElement.GetProperty("text").GetString());
        Assert.DoesNotContain("hello", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[CUSTOMER] the weather", srt);
        Assert.DoesNotContain("hello", srt, StringComparison.OrdinalIgnoreCase);

        // What the Q&A service ingests as the lecture is the masked transcript too.
        await using var redis = await _redis.ConnectAsync();
        var published = await redis.GetDatabase().StreamRangeAsync("transcripts");
        var publishedEntry = published.Single(e => e["lectureId"] == id);
        var entry = publishedEntry["payload"].ToString();
        Assert.Contains("[CUSTOMER]", entry);
        Assert.DoesNotContain("hello", entry, StringComparison.OrdinalIgnoreCase);
        // The clear transcript travels in its own field, for the Q&A service to keep apart from the lecture.
        var clear = JsonDocument.Parse(publishedEntry[TranscriptPublisher.ClearPayloadField].ToString()).RootElement;
        Assert.Equal("hello world the weather is nice today", clear.GetProperty("text").GetString(), ignoreCase: true);
        Assert.Equal(JsonDocument.Parse(entry).RootElement.GetProperty("segments").GetArrayLength(), clear.GetProperty("segments").GetArrayLength());
        Assert.DoesNotContain(TranscriptPublisher.ClearPayloadField, json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Redact_audio_silences_the_spans_in_the_kept_recording_so_a_download_no_longer_says_them()
    {
        var speech = ToneWords.Synthesize("▁the ▁weather ▁is ▁nice ▁to day | | | ▁hello ▁world").ToWav();
        var (_, clear, _) = await PostAsync(_asrClient, "/api/asr/transcriptions", Form(speech));
        var clearWords = JsonDocument.Parse(clear).RootElement.GetProperty("segments").EnumerateArray()
            .SelectMany(s => s.GetProperty("words").EnumerateArray()).ToList();
        var hello = clearWords.Single(w => w.GetProperty("word").GetString() == "hello");
        var weather = clearWords.Single(w => w.GetProperty("word").GetString() == "weather");

        var (refused, refusedBody, refusedResponse) = await PostAsync(_asrClient, "/api/asr/jobs", Form(speech, ("redact_audio", "true")));
        AssertProblem(refusedResponse, refusedBody, HttpStatusCode.BadRequest, "redact_audio");

        var id = await CompletedJobAsync(speech, ("redact", "pii"), ("redact_audio", "true"));

        using var download = await _asrClient.GetAsync($"/api/asr/recordings/{id}");
        Assert.Equal("audio/wav", download.Content.Headers.ContentType?.MediaType);
        var wav = await download.Content.ReadAsByteArrayAsync();
        var samples = Enumerable.Range(0, (wav.Length - 44) / 2).Select(i => BitConverter.ToInt16(wav, 44 + i * 2) / 32768.0).ToArray();
        double Rms(JsonElement word)
        {
            var from = (int)(word.GetProperty("start").GetDouble() * 16_000);
            var to = (int)(word.GetProperty("end").GetDouble() * 16_000);
            return Math.Sqrt(samples[from..to].Average(v => v * v));
        }
        Assert.True(Rms(hello) < 1e-4, $"the customer's name is silenced (rms {Rms(hello)})");
        Assert.True(Rms(weather) > 0.05, $"the rest is kept (rms {Rms(weather)})");

        // Transcribing the download hears nothing where the name was.
        var (_, again, _) = await PostAsync(_asrClient, "/api/asr/transcriptions", Form(wav));
        Assert.Equal("the weather is nice today", JsonDocument.Parse(again).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_cache_keeps_the_clear_transcript_and_each_request_is_redacted_with_the_terms_listed_now()
    {
        var speech = ToneWords.Synthesize("▁the ▁weather ▁is ▁nice ▁to day | | | ▁hello ▁world").ToWav();
        var (_, clear, _) = await PostAsync(_asrClient, "/api/asr/transcriptions", Form(speech));
        Assert.Contains("hello world", JsonDocument.Parse(clear).RootElement.GetProperty("text").GetString());
        var (_, masked, _) = await PostAsync(_asrClient, "/api/asr/transcriptions", Form(speech, ("redact", "pii")));
        Assert.EndsWith("[CUSTOMER]", JsonDocument.Parse(masked).RootElement.GetProperty("text").GetString());
        var (_, again, _) = await PostAsync(_asrClient, "/api/asr/transcriptions", Form(speech));
        Assert.Contains("hello world", JsonDocument.Parse(again).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_redacted_job_is_recorded_once_on_the_redactions_stream_with_its_counts_and_becomes_one_redaction_applied_row()
    {
        var speech = ToneWords.Synthesize("▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day").ToWav();
        var id = await CompletedJobAsync(speech, ("redact", "pii"), ("title", "call"));

        // The compliance service consumes the entry into the trail: one row, the submitter as the actor, the job as the subject.
        using var officer = _compliance.Client(ComplianceHost.Officer);
        var row = Assert.Single(await ComplianceStreamTests.WaitForRowsAsync(officer, AuditKinds.RedactionApplied, rows => rows.Count > 0));
        Assert.Equal(id, row.Subject);
        Assert.Equal(TestTokens.Admin.Subject, row.ActorId);
        var detail = JsonDocument.Parse(row.Detail).RootElement;
        Assert.Equal("job", detail.GetProperty("source").GetString());
        Assert.Equal("pii", detail.GetProperty("classes").GetString());
        Assert.Equal("{\"customer\":1}", detail.GetProperty("spans").GetRawText());
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify"))!.Valid);

        await using var redis = await _redis.ConnectAsync();
        var (record, raw) = Assert.Single(await RedactionsAsync(redis));
        Assert.Equal(id, record.GetProperty("id").GetString());
        Assert.Equal("job", record.GetProperty("source").GetString());
        Assert.Equal(TestTokens.Admin.Subject, record.GetProperty("submitterId").GetString());
        Assert.Equal("pii", record.GetProperty("classes").GetString());
        Assert.Equal("{\"customer\":1}", record.GetProperty("spans").GetRawText());
        Assert.True(DateTimeOffset.UtcNow - record.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
        Assert.DoesNotContain("hello", raw, StringComparison.OrdinalIgnoreCase); // counts, never the clear value
    }

    [Fact]
    public async Task A_redacted_synchronous_request_is_recorded_once_under_its_request_id_and_an_unredacted_one_not_at_all()
    {
        var speech = ToneWords.Synthesize("▁the ▁weather ▁is ▁nice ▁to day | | | ▁hello ▁world").ToWav();
        await using var redis = await _redis.ConnectAsync();
        using var content = _asr.CreateClient().ActAs(TestTokens.Person("wang.content", Roles.Content) with { Name = "Wang Content", RequestId = "req-sync-1" });

        var (clearStatus, _, _) = await PostAsync(content, "/api/asr/transcriptions", Form(speech));
        Assert.Equal(HttpStatusCode.OK, clearStatus);
        Assert.Empty(await RedactionsAsync(redis)); // nothing was asked to be redacted: nothing to record

        var (status, masked, _) = await PostAsync(content, "/api/asr/transcriptions", Form(speech, ("redact", "pii")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.EndsWith("[CUSTOMER]", JsonDocument.Parse(masked).RootElement.GetProperty("text").GetString());
        // Recorded before the answer was given.
        var (record, _) = Assert.Single(await RedactionsAsync(redis));
        Assert.Equal("req-sync-1", record.GetProperty("id").GetString());
        Assert.Equal("transcription", record.GetProperty("source").GetString());
        Assert.Equal("wang.content", record.GetProperty("submitterId").GetString());
        Assert.Equal("Wang Content", record.GetProperty("submitterName").GetString());
        Assert.Equal("{\"customer\":1}", record.GetProperty("spans").GetRawText());

        // The OpenAI route too; a redaction that found nothing is still recorded, with no spans.
        content.ActAs(TestTokens.Person("wang.content", Roles.Content) with { RequestId = "req-sync-2" });
        var (openAiStatus, _, _) = await PostAsync(content, "/v1/audio/transcriptions", Form(speech, ("model", "whisper-1"), ("redact", "numbers")));
        Assert.Equal(HttpStatusCode.OK, openAiStatus);
        // A call without a request id (straight to the service) is recorded under an id of its own.
        var (termsStatus, _, _) = await PostAsync(_asrClient, "/api/asr/transcriptions", Form(speech, ("redact", "terms")));
        Assert.Equal(HttpStatusCode.OK, termsStatus);

        var records = (await RedactionsAsync(redis)).Select(r => r.Record).ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal("req-sync-2", records[1].GetProperty("id").GetString());
        Assert.Equal("numbers", records[1].GetProperty("classes").GetString());
        Assert.Equal("{}", records[1].GetProperty("spans").GetRawText());
        Assert.Matches("^[0-9a-f]{32}$", records[2].GetProperty("id").GetString());
        Assert.Equal(TestTokens.Admin.Subject, records[2].GetProperty("submitterId").GetString());
        Assert.Equal("{\"customer\":1}", records[2].GetProperty("spans").GetRawText());

        using var officer = _compliance.Client(ComplianceHost.Officer);
        var rows = await ComplianceStreamTests.WaitForRowsAsync(officer, AuditKinds.RedactionApplied, rows => rows.Count == 3);
        Assert.Equal(["req-sync-1", "req-sync-2", records[2].GetProperty("id").GetString()], rows.Select(r => r.Subject));
        Assert.All(rows, r => Assert.Equal("transcription", JsonDocument.Parse(r.Detail).RootElement.GetProperty("source").GetString()));
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify"))!.Valid);
    }

    [Fact]
    public async Task When_redis_refuses_the_record_the_redacted_answer_is_given_and_the_miss_counted_but_the_job_completes_only_with_its_entry()
    {
        using var metrics = new MetricRecorder(_asr.MeterFactory, AsrTelemetry.Name);
        await using var redis = await _redis.ConnectAsync();
        var db = redis.GetDatabase();
        // Not a stream: every XADD to it fails (WRONGTYPE) while the rest of Redis works.
        await db.StringSetAsync(ComplianceChannels.RedactionsStream, "not a stream");
        var speech = ToneWords.Synthesize("▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day").ToWav();

        // A synchronous answer does not wait on the audit trail: it is given, and the miss is counted.
        var (status, masked, _) = await PostAsync(_asrClient, "/api/asr/transcriptions", Form(speech, ("redact", "pii")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("[CUSTOMER]", JsonDocument.Parse(masked).RootElement.GetProperty("text").GetString());
        Assert.Equal(1, metrics.Sum("asr.redactions.unrecorded"));

        // A job is recognised but not completed while its entry cannot be added: no redacted transcript without its record.
        var (accepted, body, _) = await PostAsync(_asrClient, "/api/asr/jobs", Form(speech, ("redact", "pii")));
        Assert.Equal(HttpStatusCode.Accepted, accepted);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        await WaitForAsync(async () => await db.HashGetAsync(JobStore.Key(id), ["done", "total"]) is [var done, var total]
            && (int)total > 0 && done == total, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the completion's first try and its first retry
        Assert.Equal(JobStatus.Running, (string?)await db.HashGetAsync(JobStore.Key(id), "status"));
        Assert.DoesNotContain(await db.StreamRangeAsync("transcripts"), e => e["jobId"] == id);

        // Once Redis takes the entry the job completes with it, and the trail records it.
        await db.KeyDeleteAsync(ComplianceChannels.RedactionsStream);
        await WaitForAsync(async () => (string?)await db.HashGetAsync(JobStore.Key(id), "status") == JobStatus.Completed, TimeSpan.FromSeconds(30));
        var (record, _) = Assert.Single(await RedactionsAsync(redis));
        Assert.Equal(id, record.GetProperty("id").GetString());
        Assert.Equal("{\"customer\":1}", record.GetProperty("spans").GetRawText());
        Assert.Single(await db.StreamRangeAsync("transcripts"), e => e["jobId"] == id);
        Assert.Equal("[CUSTOMER] the weather is nice today",
            JsonDocument.Parse(await _asrClient.GetStringAsync($"/api/asr/jobs/{id}/result")).RootElement.GetProperty("text").GetString());
        using var officer = _compliance.Client(ComplianceHost.Officer);
        Assert.Equal(id, Assert.Single(await ComplianceStreamTests.WaitForRowsAsync(officer, AuditKinds.RedactionApplied, rows => rows.Count > 0)).Subject);
        Assert.Equal(1, metrics.Sum("asr.redactions.unrecorded")); // jobs are never counted there: theirs is not best effort
    }

    private static async Task<List<(JsonElement Record, string Raw)>> RedactionsAsync(IConnectionMultiplexer redis) =>
        [.. (await redis.GetDatabase().StreamRangeAsync(ComplianceChannels.RedactionsStream))
            .Select(e => e[ComplianceChannels.RedactionField].ToString())
            .Select(raw => (JsonDocument.Parse(raw).RootElement.Clone(), raw))];

    private static Task SendJsonAsync(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<(string? Name, string Data)> NextEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? name = null;
        var data = "";
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event:")) name = line[6..].Trim();
            else if (line.StartsWith("data:")) data += line[5..].Trim();
            else if (line.Length == 0 && name is not null)
            {
                if (name != "ping") return (name, data);
                (name, data) = (null, "");
            }
        }
        throw new InvalidOperationException("the stream ended");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }
            await Task.Delay(50);
        }
    }
}
