using System.Net;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.AsrApi;

/// <summary>The result cache and Redis outages, on a real redis-server.</summary>
public sealed class RedisBackedTests : IAsyncLifetime
{
    private static readonly ToneWordsAudio Audio = ToneWords.Synthesize("▁the ▁weather ▁is ▁nice ▁to day");
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private AsrServiceHost Host(RecognizerProbe probe, LogCollector? logs = null) => new(
        new Dictionary<string, string?> { ["ConnectionStrings:cache"] = _redis.ConnectionString, ["Asr:Jobs:PollInterval"] = "00:00:00.100" },
        services => { if (logs is not null) services.AddSingleton<ILoggerProvider>(logs); },
        probe);

    [Fact]
    public async Task A_repeated_file_is_answered_from_the_cache_without_inference()
    {
        var probe = new RecognizerProbe();
        await using var host = Host(probe);
        var client = await host.StartAsync();
        using var metrics = new MetricRecorder(host.MeterFactory);

        var (_, first, _) = await PostAsync(client, "/api/asr/transcriptions", Form(Audio.ToWav()));
        var callsAfterFirst = probe.Calls;
        var (status, second, _) = await PostAsync(client, "/v1/audio/transcriptions", Form(Audio.ToWav()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("the weather is nice today", JsonDocument.Parse(first).RootElement.GetProperty("text").GetString());
        Assert.Equal("the weather is nice today", JsonDocument.Parse(second).RootElement.GetProperty("text").GetString());
        Assert.Equal(callsAfterFirst, probe.Calls);
        Assert.Equal(1, metrics.Sum("asr.cache.hits"));
        Assert.Equal(1, metrics.Sum("asr.cache.misses"));

        // Options that change recognition are part of the key.
        await PostAsync(client, "/api/asr/transcriptions", Form(Audio.ToWav(), ("itn", "false")));
        Assert.Equal(callsAfterFirst + 1, probe.Calls);
        Assert.Equal(2, metrics.Sum("asr.cache.misses"));
        await using var redis = await _redis.ConnectAsync();
        var keys = redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: "asr:cache:*").ToList();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.InRange(redis.GetDatabase().KeyTimeToLive(k)!.Value.TotalHours, 23.9, 24));
    }

    [Fact]
    public async Task With_redis_down_sync_still_transcribes_jobs_are_503_and_health_is_degraded()
    {
        var probe = new RecognizerProbe();
        var logs = new LogCollector();
        await using var host = Host(probe, logs);
        var client = await host.StartAsync();
        using (var healthy = await client.GetAsync("/health"))
        {
            Assert.Equal("Healthy", JsonDocument.Parse(await healthy.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        _redis.Kill();

        var (status, body, _) = await PostAsync(client, "/v1/audio/transcriptions", Form(Audio.ToWav(), ("response_format", "text")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("the weather is nice today\n", body);
        var (againStatus, againBody, _) = await PostAsync(client, "/api/asr/transcriptions", Form(Audio.ToWav()));
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal("the weather is nice today", JsonDocument.Parse(againBody).RootElement.GetProperty("text").GetString());

        var (_, jobBody, job) = await PostAsync(client, "/api/asr/jobs", Form(Audio.ToWav()));
        AssertProblem(job, jobBody, HttpStatusCode.ServiceUnavailable, "Jobs need Redis");
        Assert.NotNull(job.Headers.RetryAfter);

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Degraded", json.RootElement.GetProperty("checks").GetProperty("StackExchange.Redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("model").GetProperty("status").GetString());

        // One warning for the outage, however many requests ran into it.
        await PostAsync(client, "/api/asr/transcriptions", Form(Audio.ToWav()));
        var warnings = logs.Entries.Where(e => e.Category.EndsWith("RedisConnection") && e.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.Contains("Redis is unavailable", warnings[0].Message);
    }
}
