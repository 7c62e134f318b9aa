using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.AppHost;

/// <summary>The real AppHost with every service, started once by <see cref="StackFixture"/> for the Stack collection.</summary>
[Trait("Category", "Stack")]
[Collection(StackCollection.Name)]
public sealed class StackTests(StackFixture stack)
{
    [Fact]
    public void Every_resource_is_running_and_healthy_with_two_asr_replicas()
    {
        var replicas = stack.Resources().Where(r => StackFixture.ResourceNames.Contains(r.Resource.Name)).ToList();

        Assert.Equal(["asr", "asr", "cache", "gateway", "learning", "qabot"], replicas.Select(r => r.Resource.Name).Order().ToArray());
        Assert.All(replicas, r => Assert.True(r.Snapshot.State?.Text == KnownResourceStates.Running && r.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            $"{r.ResourceId} is {r.Snapshot.State?.Text}/{r.Snapshot.HealthStatus}"));
        Assert.IsType<RedisServerResource>(replicas.Single(r => r.Resource.Name == "cache").Resource);
        Assert.Equal("http", stack.GatewayUrl.Scheme);
    }

    [Fact]
    public async Task A_transcription_through_the_gateway_needs_the_key_and_returns_the_text()
    {
        using var client = stack.CreateGatewayClient();
        using var anonymous = new HttpClient { BaseAddress = stack.GatewayUrl };

        using var response = await client.PostAsync("/v1/audio/transcriptions", ToneWordsForm());
        using var withoutKey = await anonymous.PostAsync("/v1/audio/transcriptions", ToneWordsForm());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(ToneWords.Synthesize(ToneWordsSentence).ExpectedText, JsonDocument.Parse(body).RootElement.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task One_transcription_is_one_trace_from_the_gateway_through_asr_and_redis_to_the_engine_stages()
    {
        string traceId;
        using (var client = stack.CreateGatewayClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = ToneWordsForm(leadSeconds: 0.25) };
            using var trace = DashboardTelemetry.StartTrace();
            traceId = trace.TraceId.ToHexString();
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Redis spans reach the dashboard when the Redis instrumentation flushes its profiling session (every 10 s); each
        // service exports its own spans in batches, so the gateway's may come after the speech service's.
        var spans = await DashboardTelemetry.WaitForTraceAsync(stack, traceId,
            all => all.Any(s => s.Scope.Contains("StackExchangeRedis")) && all.Any(s => s.Name == "asr.inference")
                && all.Any(s => s.Service == "gateway" && s.Kind == "SERVER"),
            TimeSpan.FromSeconds(60));

        var byId = spans.ToDictionary(s => s.SpanId);
        var gatewayServer = Assert.Single(spans, s => s.Service == "gateway" && s.Kind == "SERVER" && s.Name.StartsWith("POST", StringComparison.Ordinal));
        var asrServer = Assert.Single(spans, s => s.Service == "asr" && s.Kind == "SERVER");
        Assert.Equal("gateway", byId[asrServer.ParentSpanId!].Service);
        var redis = spans.Where(s => s.Service == "asr" && s.Scope.Contains("StackExchangeRedis")).ToList();
        Assert.Contains(redis, s => s.Name == "GET");
        Assert.All(redis, s => Assert.Equal(asrServer.SpanId, s.ParentSpanId));
        foreach (var stage in new[] { "asr.decode", "asr.recognize", "asr.features", "asr.inference", "asr.decoding" })
        {
            Assert.Contains(spans, s => s.Name == stage && s.Service == "asr");
        }
        Assert.All(spans, s => Assert.True(s.ParentSpanId is null || byId.ContainsKey(s.ParentSpanId) || s == gatewayServer, $"{s.Name} hangs off an unknown span"));
    }

    [Fact]
    public async Task A_job_continues_the_submitting_requests_trace_through_both_streams()
    {
        string traceId;
        string jobUrl;
        using (var client = stack.CreateGatewayClient())
        {
            using var form = ToneWordsForm(leadSeconds: 0.75);
            form.Add(new StringContent($"Traced job {Guid.NewGuid():N}"), "title");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/asr/jobs") { Content = form };
            using var trace = DashboardTelemetry.StartTrace();
            traceId = trace.TraceId.ToHexString();
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            jobUrl = response.Headers.Location!.ToString();
        }

        IReadOnlyList<DashboardSpan> spans;
        try
        {
            spans = await DashboardTelemetry.WaitForTraceAsync(stack, traceId,
                all => all.Any(s => s.Service == "qabot" && s.Name == "process transcripts"), TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException timeout)
        {
            // Say what the job and the dashboard looked like, so a failure under load can be told from a broken trace.
            using var client = stack.CreateGatewayClient();
            using var dashboard = stack.CreateDashboardApiClient();
            var roots = await DashboardTelemetry.RootSpansAsync(dashboard, 50);
            throw new TimeoutException($"{timeout.Message}\njob: {await client.GetStringAsync(jobUrl)}\nlatest traces: {string.Join(", ", roots.Select(r => $"{r.Service}:{r.Name}"))}", timeout);
        }

        var byId = spans.ToDictionary(s => s.SpanId);
        var job = Assert.Single(spans, s => s.Service == "asr" && s.Name == "process asr:jobs");
        Assert.Equal("CONSUMER", job.Kind);
        Assert.Equal("asr", byId[job.ParentSpanId!].Service);
        Assert.Contains(spans, s => s.Name == "asr.job" && s.ParentSpanId == job.SpanId);
        var ingest = Assert.Single(spans, s => s.Service == "qabot" && s.Name == "process transcripts");
        Assert.Equal("asr", byId[ingest.ParentSpanId!].Service);
    }

    [Fact]
    public async Task Background_polling_and_health_probes_start_no_traces()
    {
        // Two ASR replicas and the Q&A service poll Redis Streams every half second; YARP probes /health every 10 s.
        await Task.Delay(TimeSpan.FromSeconds(12));
        using var client = stack.CreateDashboardApiClient();

        var roots = await DashboardTelemetry.RootSpansAsync(client);

        Assert.DoesNotContain(roots, s => s.Scope.Contains("StackExchangeRedis"));
        Assert.DoesNotContain(roots, s => s.Name.Contains("/health", StringComparison.Ordinal) || s.Name.Contains("/alive", StringComparison.Ordinal));
        Assert.DoesNotContain(roots, s => s.Name == "proxy.cluster_health_checks");
    }

    [Fact]
    public async Task A_killed_asr_process_is_restarted_by_the_apphost()
    {
        var victim = stack.ReplicasOf("asr")[0];
        var host = StackFixture.Pid(victim)!.Value;
        // DCP reports the dotnet run that hosts the project; the service itself is its child, and is what crashes.
        var service = ProcessTree.Descendants(host).Single(pid => ProcessTree.CommandLine(pid).Contains("FunAsr.AsrService", StringComparison.Ordinal)
                                                                   && !ProcessTree.CommandLine(pid).StartsWith("dotnet run", StringComparison.Ordinal));
        Process.GetProcessById(service).Kill();
        var killedAt = DateTime.UtcNow;
        var restarted = await stack.WaitForAsync(victim.ResourceId,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                 && StackFixture.Pid(e) is { } pid && pid != host,
            TimeSpan.FromSeconds(90));

        // The replica was seen exiting on its own (Running straight to Exited, a non-zero code) before it came back.
        Assert.Contains(stack.History(victim.ResourceId), e => e.Snapshot.State?.Text is "Exited" or "Finished" && e.Snapshot.ExitCode is not (null or 0));
        Assert.False(ProcessTree.IsAlive(service));
        using var client = stack.CreateGatewayClient();
        using var models = await client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.True(restarted.Snapshot.StartTimeStamp > killedAt.AddSeconds(-1), "the replica started again after the kill");
    }

    [Fact]
    public async Task A_redacted_job_reads_masked_and_an_admin_viewing_its_clear_text_is_in_the_audit_trail()
    {
        using var client = stack.CreateGatewayClient();
        // A customer on the tenant's list: the compliance service publishes it, each speech replica reads it within seconds.
        using (var added = await client.PostAsJsonAsync("/api/compliance/terms", new { term = "Hello World", kind = "customer" }))
        {
            Assert.True(added.IsSuccessStatusCode || added.StatusCode == HttpStatusCode.Conflict, $"{(int)added.StatusCode}: {await added.Content.ReadAsStringAsync()}");
        }
        var speech = WavWriter.Encode(ToneWords.Synthesize("▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day").Samples, 16_000);
        MultipartFormDataContent Form(string? title = null)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(speech) { Headers = { ContentType = new("audio/wav") } }, "file", "call.wav" }, { new StringContent("pii"), "redact" } };
            if (title is not null)
            {
                form.Add(new StringContent(title), "title");
            }
            return form;
        }
        // A masked synchronous answer says the list is published; a job reads it afresh before it starts, on either replica.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the speech service never masked the listed customer");
            using var sync = await client.PostAsync("/api/asr/transcriptions", Form());
            if (JsonDocument.Parse(await sync.Content.ReadAsStringAsync()).RootElement.GetProperty("text").GetString() == "[CUSTOMER] the weather is nice today")
            {
                break;
            }
            await Task.Delay(500);
        }

        var title = $"supplier call {Guid.NewGuid():N}";
        using var submitted = await client.PostAsync("/api/asr/jobs", Form(title));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        JsonElement lecture = default;
        while (true)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), "the job's lecture never reached the library");
            using var response = await client.GetAsync($"/api/qa/lectures/{id}");
            if (response.IsSuccessStatusCode)
            {
                lecture = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                break;
            }
            await Task.Delay(250);
        }
        Assert.True(lecture.GetProperty("clearTextKept").GetBoolean());
        Assert.DoesNotContain("hello", lecture.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hello", await client.GetStringAsync($"/api/asr/jobs/{id}/result?format=srt"), StringComparison.OrdinalIgnoreCase);

        var view = JsonDocument.Parse(await client.GetStringAsync($"/api/qa/lectures/{id}/clear")).RootElement;
        Assert.Equal("hello world the weather is nice today", view.GetProperty("text").GetString());
        var recordedAs = view.GetProperty("recordedAs").GetString();

        // The compliance service takes the view off the access stream into its hash-chained trail.
        JsonElement row;
        while (true)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(150), "the view never reached the audit trail");
            var rows = JsonDocument.Parse(await client.GetStringAsync("/api/compliance/audit?kind=cleartext.viewed")).RootElement;
            if (rows.EnumerateArray().FirstOrDefault(r => r.GetProperty("subject").GetString() == recordedAs) is { ValueKind: JsonValueKind.Object } found)
            {
                row = found;
                break;
            }
            await Task.Delay(250);
        }
        Assert.Contains(id, row.GetProperty("detail").GetString());
        Assert.True(JsonDocument.Parse(await client.GetStringAsync("/api/compliance/audit/verify")).RootElement.GetProperty("valid").GetBoolean());
    }

    private const string ToneWordsSentence = "今天 天气 很好 。";

    private static MultipartFormDataContent ToneWordsForm(double leadSeconds = 0)
    {
        var words = ToneWords.Synthesize(ToneWordsSentence);
        var lead = new float[(int)(leadSeconds * words.SampleRate)];
        var wav = WavWriter.Encode([.. lead, .. words.Samples], words.SampleRate);
        return new MultipartFormDataContent
        {
            { new ByteArrayContent(wav) { Headers = { ContentType = new("audio/wav") } }, "file", "tone-words.wav" },
            { new StringContent("whisper-1"), "model" },
        };
    }
}
