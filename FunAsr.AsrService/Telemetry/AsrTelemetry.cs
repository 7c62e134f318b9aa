using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunAsr.AsrService.Telemetry;

/// <summary>The API layer's spans and metrics, on the source and meter named after the service.</summary>
public sealed class AsrTelemetry
{
    public const string Name = "FunAsr.AsrService";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _requests;
    private readonly Counter<double> _audioSeconds;
    private readonly Histogram<double> _realTimeFactor;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _jobsFinished;
    private readonly Counter<double> _audioCharged;
    private readonly Counter<long> _quotaRefused;
    private readonly Counter<double> _audioUncharged;
    private readonly Counter<long> _accessDenied;
    private long _jobQueueDepth;

    public AsrTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _requests = meter.CreateCounter<long>("asr.requests", "{request}", "Transcription requests by endpoint and outcome");
        _audioSeconds = meter.CreateCounter<double>("asr.transcribed.duration", "s", "Seconds of audio transcribed (sync requests and jobs; cache hits excluded)");
        _realTimeFactor = meter.CreateHistogram<double>("asr.real_time_factor", "1", "Processing time divided by audio duration",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2] });
        _cacheHits = meter.CreateCounter<long>("asr.cache.hits", "{hit}", "Transcripts answered from the result cache");
        _cacheMisses = meter.CreateCounter<long>("asr.cache.misses", "{miss}", "Cache lookups that found nothing");
        _jobsFinished = meter.CreateCounter<long>("asr.jobs.finished", "{job}", "Jobs that reached a final state");
        _audioCharged = meter.CreateCounter<double>("asr.quota.audio_charged", "s", "Seconds of audio charged to callers' hourly budgets (cache hits included)");
        _audioUncharged = meter.CreateCounter<double>("asr.quota.uncharged", "s", "Seconds of audio transcribed uncharged because the limit store was unreachable");
        _quotaRefused = meter.CreateCounter<long>("asr.quota.refused", "{request}", "Requests refused by a caller's quota, by limit (audio, jobs)");
        _accessDenied = meter.CreateCounter<long>("asr.access.denied", "{request}", "Jobs and recordings asked for by callers they are not shared with, by kind");
        meter.CreateObservableGauge("asr.jobs.queue_depth", () => Interlocked.Read(ref _jobQueueDepth), "{job}",
            "Jobs waiting in the Redis stream (last value seen by this replica)");
    }

    public static Activity? StartStage(string stage, double? audioSeconds = null)
    {
        var activity = ActivitySource.StartActivity($"asr.{stage}");
        if (activity is not null && audioSeconds is { } seconds)
        {
            activity.SetTag("audio.duration_s", seconds);
        }
        return activity;
    }

    public void RequestFinished(string endpoint, string outcome) =>
        _requests.Add(1, new("endpoint", endpoint), new("outcome", outcome));

    public void AudioTranscribed(string model, double audioSeconds, TimeSpan elapsed)
    {
        _audioSeconds.Add(audioSeconds, new KeyValuePair<string, object?>("model", model));
        if (audioSeconds > 0)
        {
            _realTimeFactor.Record(elapsed.TotalSeconds / audioSeconds, new KeyValuePair<string, object?>("model", model));
        }
    }

    public void CacheHit() => _cacheHits.Add(1);

    public void CacheMiss() => _cacheMisses.Add(1);

    public void JobFinished(string status) => _jobsFinished.Add(1, new KeyValuePair<string, object?>("status", status));

    public void AudioCharged(double seconds) => _audioCharged.Add(seconds);

    public void AudioUncharged(double seconds) => _audioUncharged.Add(seconds);

    public void QuotaRefused(string limit) => _quotaRefused.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public void AccessDenied(string kind) => _accessDenied.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void JobQueueDepth(long depth) => Interlocked.Exchange(ref _jobQueueDepth, depth);
}
