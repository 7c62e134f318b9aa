using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Compliance;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FunAsr.Tests.Compliance;

/// <summary>
/// The compliance service on a real Redis, fed on one of the streams other services report on, and read back through
/// its audit API: what the stream tests of each kind of report (clear-text views, redactions) share.
/// </summary>
public abstract class ComplianceStreamTests(string stream, string group) : IAsyncLifetime
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _client = null!;

    protected ComplianceHost Host { get; private set; } = null!;

    protected MetricRecorder Metrics { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        Host = new ComplianceHost(new Dictionary<string, string?> { ["ConnectionStrings:cache"] = _redis.ConnectionString });
        _ = Host.Address;
        Metrics = new MetricRecorder(Host.Services.GetRequiredService<IMeterFactory>(), ComplianceTelemetry.Name);
        _client = await _redis.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        Metrics.Dispose();
        await _client.DisposeAsync();
        await Host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    protected Task AddRawAsync(string field, string value) => _client.GetDatabase().StreamAddAsync(stream, field, value);

    /// <summary>Nothing left pending in the compliance group: every entry was acknowledged, the skipped ones too.</summary>
    protected async Task AssertNothingPendingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        long pending;
        while ((pending = (await _client.GetDatabase().StreamPendingAsync(stream, group)).PendingMessageCount) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, pending);
    }

    /// <summary>The trail's rows of one kind, oldest first.</summary>
    public static async Task<List<AuditRow>> RowsAsync(HttpClient officer, string kind) =>
        (await officer.GetFromJsonAsync<List<AuditRow>>($"/api/compliance/audit?kind={kind}&count=1000", Json))!.OrderBy(r => r.Sequence).ToList();

    /// <summary>The trail's rows of one kind once they meet the condition (within 15 s).</summary>
    public static async Task<List<AuditRow>> WaitForRowsAsync(HttpClient officer, string kind, Func<List<AuditRow>, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var rows = await RowsAsync(officer, kind);
            if (condition(rows))
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the trail holds {rows.Count} rows of {kind}: {string.Join(", ", rows.Select(r => r.Subject))}");
            }
            await Task.Delay(50);
        }
    }
}
