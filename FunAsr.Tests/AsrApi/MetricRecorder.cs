using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FunAsr.Tests.AsrApi;

/// <summary>Records measurements of one service host's meters (matched by the host's meter factory, so parallel tests do not mix).</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value)> _measurements = new();

    public MetricRecorder(IMeterFactory scope, string meterName = "FunAsr.AsrService")
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, _, _) => _measurements.Enqueue((i.Name, v)));
        _listener.SetMeasurementEventCallback<int>((i, v, _, _) => _measurements.Enqueue((i.Name, v)));
        _listener.SetMeasurementEventCallback<double>((i, v, _, _) => _measurements.Enqueue((i.Name, v)));
        _listener.Start();
    }

    public IReadOnlyList<double> Values(string instrument) =>
        _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToList();

    public double Sum(string instrument) => Values(instrument).Sum();

    public void Dispose() => _listener.Dispose();
}
