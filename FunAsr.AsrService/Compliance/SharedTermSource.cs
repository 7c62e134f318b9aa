using System.Text.Json;
using FunAsr.Messaging;
using FunAsr.Text.Sensitive;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Compliance;

/// <summary>
/// The tenant's terms as this service sees them: those in <c>Asr:Compliance:Terms</c> plus the list the compliance
/// service publishes in the shared Redis (<see cref="ComplianceChannels.TermListKey"/>). Reading never waits on Redis:
/// a stale list starts one refresh in the background and the current list answers meanwhile, so a change on the page
/// reaches detection within about <see cref="SpeechComplianceOptions.TermListRefresh"/>.
/// </summary>
public sealed class SharedTermSource : ISensitiveTermSource
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<SpeechComplianceOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SharedTermSource> _logger;
    private readonly IReadOnlyList<SensitiveTerm> _configured;
    private SensitiveTermList _current;
    private string? _version;
    private long _readAt;
    private bool _read;
    private int _refreshing;

    public SharedTermSource(IServiceProvider services, IOptionsMonitor<SpeechComplianceOptions> options, TimeProvider time, ILogger<SharedTermSource> logger)
    {
        _services = services;
        _options = options;
        _time = time;
        _logger = logger;
        _configured = [.. options.CurrentValue.Terms.Select(t => t.ToTerm())];
        // A bad configured list is a start-up error, said at once rather than on the first request.
        _current = SensitiveTermList.Create(_configured);
    }

    public SensitiveTermList Current
    {
        get
        {
            if ((!Volatile.Read(ref _read) || _time.GetElapsedTime(Interlocked.Read(ref _readAt)) >= _options.CurrentValue.TermListRefresh)
                && Interlocked.Exchange(ref _refreshing, 1) == 0)
            {
                _ = Task.Run(RefreshAsync);
            }
            return Volatile.Read(ref _current);
        }
    }

    /// <summary>
    /// Reads the shared list now. A job to be redacted calls it before it starts: no client waits on a job, and the first
    /// job on a replica that served nothing for a while would otherwise be redacted with the list it last read.
    /// </summary>
    public async Task RefreshAsync()
    {
        try
        {
            if (_services.GetService<IConnectionMultiplexer>() is not { IsConnected: true } redis)
            {
                return;
            }
            var value = await redis.GetDatabase().StringGetAsync(ComplianceChannels.TermListKey);
            if (value.IsNullOrEmpty)
            {
                Use(null, []);
                return;
            }
            var shared = JsonSerializer.Deserialize<SharedTermList>(value.ToString(), Json);
            if (shared is not null && shared.Version != _version)
            {
                Use(shared.Version, shared.Terms ?? []);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or JsonException)
        {
            _logger.LogWarning("The shared term list could not be read ({Reason}); detection keeps the list it has", ex.Message);
        }
        finally
        {
            Interlocked.Exchange(ref _readAt, _time.GetTimestamp());
            Volatile.Write(ref _read, true);
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }

    private void Use(string? version, IReadOnlyList<SensitiveTerm> shared)
    {
        SensitiveTermList list;
        try
        {
            list = SensitiveTermList.Create(_configured.Concat(shared));
        }
        catch (ArgumentException ex)
        {
            // The compliance service checked its list on its own; a clash is with the configured terms, and the page's list wins.
            _logger.LogWarning("Configured terms clash with the shared list ({Reason}); the shared list is used alone", ex.Message);
            list = SensitiveTermList.Create(shared);
        }
        Volatile.Write(ref _current, list);
        _version = version;
        _logger.LogInformation("Term list {Version} in use: {Count} terms", version ?? "(none shared)", list.Count);
    }

    private sealed record SharedTermList(string Version, IReadOnlyList<SensitiveTerm>? Terms);
}
