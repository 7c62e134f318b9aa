using System.Diagnostics.Metrics;

namespace FunAsr.AsrService.Compliance;

/// <summary>Redactions and live findings, on the service's meter (graphed per kind in the dashboard).</summary>
public sealed class SpeechComplianceTelemetry
{
    private readonly Counter<long> _redacted;
    private readonly Counter<long> _liveFindings;
    private readonly Histogram<double> _alertDelay;
    private readonly Counter<long> _unpublished;
    private readonly Counter<long> _unrecorded;

    public SpeechComplianceTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Telemetry.AsrTelemetry.Name);
        _redacted = meter.CreateCounter<long>("asr.redacted.spans", "{span}", "Spans masked in transcripts, by kind");
        _liveFindings = meter.CreateCounter<long>("asr.live.findings", "{finding}", "Sensitive findings in live finals, by kind");
        _alertDelay = meter.CreateHistogram<double>("asr.live.alert_delay", "s",
            "From a final's decode finishing to its alert being sent on the caption stream and the findings stream",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2] });
        _unpublished = meter.CreateCounter<long>("asr.live.findings_unpublished", "{finding}", "Live findings that could not be put on the findings stream (Redis down)");
        _unrecorded = meter.CreateCounter<long>("asr.redactions.unrecorded", "{redaction}",
            "Synchronous requests' applied redactions that could not be put on the redactions stream for the audit trail (Redis down or slow), by source; a job's is written with its completion");
    }

    public void Redacted(string kind) => _redacted.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void LiveFinding(string kind) => _liveFindings.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void AlertDelay(TimeSpan delay) => _alertDelay.Record(delay.TotalSeconds);

    public void Unpublished(int count) => _unpublished.Add(count);

    public void Unrecorded(string source) => _unrecorded.Add(1, new KeyValuePair<string, object?>("source", source));
}
