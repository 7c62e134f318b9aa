using System.Diagnostics;
using System.Net;
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

        // Redis spans reach the dashboard when the Redis instrumentation flushes its profiling session (every 10 s).
        var spans = await DashboardTelemetry.WaitForTraceAsync(stack, traceId,
            all => all.Any(s => s.Scope.Contains("StackExchangeRedis")) && all.Any(s => s.Name == "asr.inference"),
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
