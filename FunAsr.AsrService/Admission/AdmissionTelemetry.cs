using System.Diagnostics.Metrics;

namespace FunAsr.AsrService.Admission;

/// <summary>What an operator graphs to see a replica at capacity: use against budget, the waiting line, refusals.</summary>
public sealed class AdmissionTelemetry
{
    public const string MeterName = "FunAsr.AsrService";

    private readonly Meter _meter;
    private readonly Histogram<double> _wait;
    private readonly Counter<long> _rejected;

    public AdmissionTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _wait = _meter.CreateHistogram<double>("asr.admission.wait.time", "s", "Time a request or job waited for memory or a decode slot");
        _rejected = _meter.CreateCounter<long>("asr.admission.rejected", "{request}",
            "Work refused by admission, by pool (memory, decodes) and reason (timeout, queue_full, too_large)");
    }

    internal void Observe(AdmissionPool pool)
    {
        var tag = new KeyValuePair<string, object?>("pool", pool.Name);
        _meter.CreateObservableGauge($"asr.admission.{pool.Name}.in_use", () => new Measurement<long>(pool.InUse, tag),
            pool.Name == "memory" ? "By" : "{decode}", $"Amount of the replica's {pool.Name} budget taken now");
        _meter.CreateObservableGauge($"asr.admission.{pool.Name}.capacity", () => new Measurement<long>(pool.Capacity, tag),
            pool.Name == "memory" ? "By" : "{decode}", $"The replica's whole {pool.Name} budget");
        _meter.CreateObservableGauge($"asr.admission.{pool.Name}.waiting", () => new Measurement<int>(pool.Waiting, tag),
            "{request}", $"Requests and jobs waiting for {pool.Name}");
    }

    internal void Waited(AdmissionPool pool, TimeSpan waited) =>
        _wait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("pool", pool.Name));

    internal void Rejected(AdmissionPool pool, string reason) =>
        _rejected.Add(1, new("pool", pool.Name), new("reason", reason));
}
