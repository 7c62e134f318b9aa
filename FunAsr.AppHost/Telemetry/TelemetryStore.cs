namespace FunAsr.AppHost.Telemetry;

/// <summary>
/// Spans, logs and metric series received over OTLP, kept in memory within <see cref="TelemetryLimits"/>: the newest are kept.
/// </summary>
public sealed class TelemetryStore(TelemetryLimits limits)
{
    private readonly Lock _gate = new();
    private readonly Queue<SpanRecord> _spans = new();
    private readonly Dictionary<string, List<SpanRecord>> _traces = new(StringComparer.Ordinal);
    private readonly Queue<LogRecordData> _logs = new();
    private readonly Dictionary<SeriesKey, MetricSeries> _series = new();
    private long _logSequence;

    public TelemetryLimits Limits => limits;

    public int SpanCount
    {
        get { lock (_gate) { return _spans.Count; } }
    }

    public void AddSpans(IEnumerable<SpanRecord> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                _spans.Enqueue(span);
                if (!_traces.TryGetValue(span.TraceId, out var trace))
                {
                    _traces[span.TraceId] = trace = [];
                }
                trace.Add(span);
            }
            while (_spans.Count > limits.MaxSpans)
            {
                var oldest = _spans.Dequeue();
                var trace = _traces[oldest.TraceId];
                trace.Remove(oldest);
                if (trace.Count == 0)
                {
                    _traces.Remove(oldest.TraceId);
                }
            }
        }
    }

    public void AddLogs(IEnumerable<Func<long, LogRecordData>> logs)
    {
        lock (_gate)
        {
            foreach (var create in logs)
            {
                _logs.Enqueue(create(++_logSequence));
            }
            while (_logs.Count > limits.MaxLogs)
            {
                _logs.Dequeue();
            }
        }
    }

    public void AddMetricPoint(string service, string? instanceId, string name, string unit, string description, string kind, MetricPoint point)
    {
        lock (_gate)
        {
            var key = new SeriesKey(service, instanceId ?? "", name);
            if (!_series.TryGetValue(key, out var series))
            {
                if (_series.Count >= limits.MaxSeries)
                {
                    return;
                }
                _series[key] = series = new MetricSeries(key, unit, description, kind);
            }
            series.Points.Add(point);
            if (series.Points.Count > limits.MaxPointsPerSeries)
            {
                series.Points.RemoveRange(0, series.Points.Count - limits.MaxPointsPerSeries);
            }
        }
    }

    /// <summary>
    /// Newest traces first; <paramref name="service"/> keeps traces touching that service, <paramref name="text"/> matches span names,
    /// <paramref name="minSpans"/> hides background noise such as one-span polling traces.
    /// </summary>
    public IReadOnlyList<TraceSummary> Traces(string? service, string? text, int limit, int minSpans = 1)
    {
        List<List<SpanRecord>> traces;
        lock (_gate)
        {
            traces = _traces.Values.Select(t => t.ToList()).ToList();
        }
        return traces
            .Where(t => t.Count >= minSpans)
            .Where(t => service is null || t.Any(s => s.Service == service))
            .Where(t => text is null || t.Any(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)))
            .Select(Summarize)
            .OrderByDescending(t => t.Start)
            .Take(limit)
            .ToList();
    }

    public IReadOnlyList<SpanRecord>? Trace(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId.ToLowerInvariant(), out var trace) ? trace.OrderBy(s => s.StartUnixNano).ToList() : null;
        }
    }

    public IReadOnlyList<LogRecordData> Logs(string? service, int minSeverity, string? text, string? traceId, long afterSequence, int limit)
    {
        lock (_gate)
        {
            return _logs
                .Where(l => l.Sequence > afterSequence)
                .Where(l => service is null || l.Service == service)
                .Where(l => l.SeverityNumber >= minSeverity)
                .Where(l => traceId is null || string.Equals(l.TraceId, traceId, StringComparison.OrdinalIgnoreCase))
                .Where(l => text is null || l.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
                                         || l.Category.Contains(text, StringComparison.OrdinalIgnoreCase))
                .Reverse()
                .Take(limit)
                .ToList();
        }
    }

    public IReadOnlyList<MetricSeriesSnapshot> Series(string? name, string? service)
    {
        lock (_gate)
        {
            return _series.Values
                .Where(s => name is null || s.Key.Name == name)
                .Where(s => service is null || s.Key.Service == service)
                .OrderBy(s => s.Key.Service, StringComparer.Ordinal).ThenBy(s => s.Key.Name, StringComparer.Ordinal).ThenBy(s => s.Key.InstanceId, StringComparer.Ordinal)
                .Select(s => new MetricSeriesSnapshot(s.Key.Service, s.Key.InstanceId, s.Key.Name, s.Unit, s.Description, s.Kind, s.Points.ToList()))
                .ToList();
        }
    }

    private static TraceSummary Summarize(List<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.StartUnixNano) ?? spans[0];
        var start = spans.Min(s => s.StartUnixNano);
        var end = spans.Max(s => s.EndUnixNano);
        return new TraceSummary(root.TraceId, root.Name, root.Service,
            spans.Select(s => s.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            DateTimeOffset.UnixEpoch.AddTicks(start / 100), (end - start) / 1e6, spans.Count, spans.Count(s => s.IsError));
    }

    private readonly record struct SeriesKey(string Service, string InstanceId, string Name);

    private sealed class MetricSeries(SeriesKey key, string unit, string description, string kind)
    {
        public SeriesKey Key { get; } = key;
        public string Unit { get; } = unit;
        public string Description { get; } = description;
        public string Kind { get; } = kind;
        public List<MetricPoint> Points { get; } = [];
    }
}

public sealed record MetricSeriesSnapshot(string Service, string InstanceId, string Name, string Unit, string Description, string Kind,
    IReadOnlyList<MetricPoint> Points);
