using System.Globalization;
using FunAsr.AppHost.Telemetry.Otlp;
using Google.Protobuf;

namespace FunAsr.AppHost.Telemetry;

/// <summary>Turns OTLP messages into the store's records; malformed items are counted as rejected, never thrown.</summary>
internal static class OtlpConverter
{
    private const string UnknownService = "unknown_service";

    public static (List<SpanRecord> Spans, int Rejected) Spans(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanRecord>();
        var rejected = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (service, instance) = Identify(resourceSpans.Resource);
            foreach (var scope in resourceSpans.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8 || span.ParentSpanId.Length is not (0 or 8))
                    {
                        rejected++;
                        continue;
                    }
                    spans.Add(new SpanRecord(
                        Hex(span.TraceId), Hex(span.SpanId), span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
                        span.Name, KindName(span.Kind), (long)span.StartTimeUnixNano, (long)Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano),
                        service, instance, scope.Scope?.Name ?? "",
                        span.Status?.Code switch { Status.Types.StatusCode.Error => "Error", Status.Types.StatusCode.Ok => "Ok", _ => "Unset" },
                        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        Attributes(span.Attributes),
                        span.Events.Select(e => new SpanEvent(e.Name, FromUnixNano(e.TimeUnixNano), Attributes(e.Attributes))).ToList()));
                }
            }
        }
        return (spans, rejected);
    }

    public static (List<Func<long, LogRecordData>> Logs, int Rejected) Logs(ExportLogsServiceRequest request)
    {
        var logs = new List<Func<long, LogRecordData>>();
        var rejected = 0;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var (service, instance) = Identify(resourceLogs.Resource);
            foreach (var scope in resourceLogs.ScopeLogs)
            {
                foreach (var record in scope.LogRecords)
                {
                    if (record.TraceId.Length is not (0 or 16) || record.SpanId.Length is not (0 or 8))
                    {
                        rejected++;
                        continue;
                    }
                    var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                    var attributes = Attributes(record.Attributes);
                    var message = record.Body is null ? "" : Text(record.Body);
                    var category = scope.Scope?.Name ?? "";
                    var traceId = record.TraceId.IsEmpty ? null : Hex(record.TraceId);
                    var spanId = record.SpanId.IsEmpty ? null : Hex(record.SpanId);
                    var severity = record.SeverityNumber;
                    logs.Add(sequence => new LogRecordData(sequence, FromUnixNano(time), severity, SeverityName(severity, record.SeverityText),
                        service, instance, category, message, traceId, spanId, attributes));
                }
            }
        }
        return (logs, rejected);
    }

    /// <summary>Adds one point per metric and replica: data points of all attribute sets summed, as the dashboard charts totals.</summary>
    public static int Metrics(ExportMetricsServiceRequest request, TelemetryStore store)
    {
        var points = 0;
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var (service, instance) = Identify(resourceMetrics.Resource);
            foreach (var scope in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    MetricPoint? point = metric.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge when metric.Gauge.DataPoints.Count > 0 => Numbers(metric.Gauge.DataPoints, cumulative: false),
                        Metric.DataOneofCase.Sum when metric.Sum.DataPoints.Count > 0 => Numbers(metric.Sum.DataPoints, metric.Sum.AggregationTemporality == 2),
                        Metric.DataOneofCase.Histogram when metric.Histogram.DataPoints.Count > 0 => Histogram(metric.Histogram),
                        _ => null,
                    };
                    if (point is not null)
                    {
                        points++;
                        store.AddMetricPoint(service, instance, metric.Name, metric.Unit, metric.Description,
                            metric.DataCase.ToString().ToLowerInvariant(), point);
                    }
                }
            }
        }
        return points;
    }

    private static MetricPoint Numbers(IReadOnlyList<NumberDataPoint> points, bool cumulative)
    {
        var value = points.Sum(p => p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble);
        // Count carries the value too, so a counter's rate is its change per second.
        return new MetricPoint(FromUnixNano(points.Max(p => p.TimeUnixNano)), value, value, value, cumulative);
    }

    private static MetricPoint Histogram(Otlp.Histogram histogram)
    {
        var points = histogram.DataPoints;
        var count = points.Sum(p => (double)p.Count);
        var sum = points.Sum(p => p.HasSum ? p.Sum : 0);
        return new MetricPoint(FromUnixNano(points.Max(p => p.TimeUnixNano)), count > 0 ? sum / count : 0, count, sum,
            histogram.AggregationTemporality == 2);
    }

    private static (string Service, string? Instance) Identify(Otlp.Resource? resource)
    {
        string? service = null, instance = null;
        foreach (var attribute in resource?.Attributes ?? [])
        {
            switch (attribute.Key)
            {
                case "service.name":
                    service = Text(attribute.Value);
                    break;
                case "service.instance.id":
                    instance = Text(attribute.Value);
                    break;
            }
        }
        return (string.IsNullOrEmpty(service) ? UnknownService : service, instance);
    }

    private static List<Attribute> Attributes(IEnumerable<KeyValue> attributes) =>
        attributes.Select(a => new Attribute(a.Key, a.Value is null ? "" : Text(a.Value))).ToList();

    private static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {(kv.Value is null ? "" : Text(kv.Value))}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => "Internal",
    };

    private static string SeverityName(int number, string text) => number switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => string.IsNullOrEmpty(text) ? "Unspecified" : text,
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static DateTimeOffset FromUnixNano(ulong nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / 100));
}
