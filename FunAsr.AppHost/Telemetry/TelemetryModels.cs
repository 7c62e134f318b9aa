namespace FunAsr.AppHost.Telemetry;

public sealed record Attribute(string Key, string Value);

public sealed record SpanEvent(string Name, DateTimeOffset Time, IReadOnlyList<Attribute> Attributes);

/// <summary>A received span, flattened with its resource's service name for the dashboard.</summary>
public sealed record SpanRecord(
    string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind,
    long StartUnixNano, long EndUnixNano, string Service, string? InstanceId, string Scope,
    string Status, string? StatusMessage, IReadOnlyList<Attribute> Attributes, IReadOnlyList<SpanEvent> Events)
{
    public double DurationMs => (EndUnixNano - StartUnixNano) / 1e6;

    public DateTimeOffset Start => DateTimeOffset.UnixEpoch.AddTicks(StartUnixNano / 100);

    public bool IsError => Status == "Error";
}

public sealed record LogRecordData(
    long Sequence, DateTimeOffset Timestamp, int SeverityNumber, string Severity, string Service, string? InstanceId, string Category,
    string Message, string? TraceId, string? SpanId, IReadOnlyList<Attribute> Attributes);

/// <summary>One exported value of a metric series; histograms carry their count and sum (cumulative or delta as exported).</summary>
public sealed record MetricPoint(DateTimeOffset Time, double Value, double Count, double Sum, bool IsCumulative);

public sealed record TraceSummary(
    string TraceId, string RootName, string RootService, IReadOnlyList<string> Services, DateTimeOffset Start,
    double DurationMs, int SpanCount, int ErrorCount);
