using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.Learning.Compliance.Audit.Anchors;

/// <summary>
/// Checkpoints on the Redis stream <see cref="StreamName"/> (field <c>checkpoint</c>), trimmed to
/// <c>Compliance:Audit:AnchorStreamLength</c>: a second copy on another machine, when the deployment has a Redis.
/// </summary>
public sealed class RedisAnchorSink(IServiceProvider services, IOptions<ComplianceOptions> options) : IAnchorSink
{
    public const string StreamName = "compliance:audit:anchors";
    private const string Field = "checkpoint";
    private const int PageSize = 1000;
    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();

    public string Name => "redis";

    public bool Enabled => _redis is not null;

    public async Task AppendAsync(Checkpoint checkpoint, CancellationToken cancellationToken) =>
        await _redis!.GetDatabase().StreamAddAsync(StreamName, Field, CheckpointJson.Write(checkpoint),
            maxLength: options.Value.Audit.AnchorStreamLength, useApproximateMaxLength: true);

    public async Task<AnchorRead> ReadAsync(CancellationToken cancellationToken)
    {
        var database = _redis!.GetDatabase();
        var checkpoints = new List<Checkpoint>();
        var unreadable = 0;
        RedisValue after = "-";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await database.StreamRangeAsync(StreamName, after, "+", PageSize);
            foreach (var entry in page)
            {
                if (CheckpointJson.Read(entry[Field]) is { } checkpoint)
                {
                    checkpoints.Add(checkpoint);
                }
                else
                {
                    unreadable++;
                }
            }
            if (page.Length < PageSize)
            {
                return new AnchorRead(checkpoints, unreadable);
            }
            after = "(" + page[^1].Id;
        }
    }
}
