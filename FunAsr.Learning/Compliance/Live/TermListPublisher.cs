using System.Text.Json;
using FunAsr.Learning.Compliance.Terms;
using FunAsr.Messaging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.Learning.Compliance.Live;

/// <summary>
/// Keeps the tenant's term list in the shared Redis (<see cref="ComplianceChannels.TermListKey"/>) for the services that
/// scan text as it is spoken or transcribed: written when its version changes, and again now and then so that a Redis
/// that lost its data gets it back.
/// </summary>
public sealed class TermListPublisher(
    IServiceProvider services,
    IServiceScopeFactory scopes,
    IOptionsMonitor<ComplianceOptions> options,
    TimeProvider time,
    ILogger<TermListPublisher> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan RewriteEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            logger.LogWarning("No Redis connection is configured (ConnectionStrings:cache): the term list is not shared and live findings are not consumed");
            return;
        }
        string? published = null;
        var publishedAt = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var snapshot = await scope.ServiceProvider.GetRequiredService<TermStore>().SnapshotAsync(stoppingToken);
                if (snapshot.Version != published || time.GetElapsedTime(publishedAt) >= RewriteEvery)
                {
                    await redis.GetDatabase().StringSetAsync(ComplianceChannels.TermListKey, JsonSerializer.Serialize(snapshot, Json));
                    if (snapshot.Version != published)
                    {
                        logger.LogInformation("Term list {Version} shared ({Count} terms)", snapshot.Version, snapshot.Terms.Count);
                    }
                    published = snapshot.Version;
                    publishedAt = time.GetTimestamp();
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("The term list could not be shared ({Reason}); trying again", ex.Message);
            }
            await Task.Delay(options.CurrentValue.Live.TermListPublishInterval, time, stoppingToken);
        }
    }
}
