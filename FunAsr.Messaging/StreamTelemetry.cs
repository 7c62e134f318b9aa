using System.Diagnostics;
using System.Diagnostics.Metrics;
using StackExchange.Redis;

namespace FunAsr.Messaging;

/// <summary>
/// Spans and metrics of stream consumption, named per OpenTelemetry's messaging conventions. A producer writes the current
/// trace context into the entry (<see cref="WithTraceContext"/>), so the consumer's span continues the request's trace.
/// </summary>
public sealed class StreamTelemetry
{
    public const string Name = "FunAsr.Messaging";
    public const string TraceParentField = "traceparent";
    private const string TraceStateField = "tracestate";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _consumed;
    private readonly Histogram<double> _processDuration;

    public StreamTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _consumed = meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}",
            "Stream entries handled by this process, by stream, group and outcome");
        _processDuration = meter.CreateHistogram<double>("messaging.process.duration", "s", "Time to handle one stream entry",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300] });
    }

    /// <summary>The entry's fields plus the current trace context, for <c>XADD</c>.</summary>
    public static NameValueEntry[] WithTraceContext(params NameValueEntry[] fields)
    {
        if (Activity.Current is not { } current)
        {
            return fields;
        }
        var entry = new List<NameValueEntry>(fields.Length + 2);
        entry.AddRange(fields);
        entry.Add(new(TraceParentField, current.Id));
        if (!string.IsNullOrEmpty(current.TraceStateString))
        {
            entry.Add(new(TraceStateField, current.TraceStateString));
        }
        return [.. entry];
    }

    internal static Activity? StartProcessing(StreamConsumerOptions options, StreamDelivery delivery)
    {
        ActivityContext.TryParse(delivery[TraceParentField].ToString(), delivery[TraceStateField].ToString(), isRemote: true, out var parent);
        var activity = ActivitySource.StartActivity($"process {options.StreamName}", ActivityKind.Consumer, parent);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "redis");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", options.StreamName);
            activity.SetTag("messaging.consumer.group.name", options.ConsumerGroup);
            activity.SetTag("messaging.message.id", delivery.Id);
            activity.SetTag("messaging.redis.reclaimed", delivery.Reclaimed);
        }
        return activity;
    }

    internal void Processed(StreamConsumerOptions options, TimeSpan elapsed, string? errorType)
    {
        var tags = new TagList
        {
            { "messaging.system", "redis" },
            { "messaging.destination.name", options.StreamName },
            { "messaging.consumer.group.name", options.ConsumerGroup },
        };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }
        _consumed.Add(1, tags);
        _processDuration.Record(elapsed.TotalSeconds, tags);
    }
}
