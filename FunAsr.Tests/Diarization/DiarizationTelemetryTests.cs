using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FunAsr.AsrService.Inference;

namespace FunAsr.Tests.Diarization;

/// <summary>A diarization shows up as a span per stage under one "diarize" span, and in the engine's meters.</summary>
public sealed class DiarizationTelemetryTests
{
    [Fact]
    public void Each_stage_is_a_span_and_the_run_is_counted()
    {
        var spans = new ConcurrentQueue<Activity>();
        var measurements = new ConcurrentQueue<(string Name, double Value, string? Stage)>();
        using var parent = new Activity("test").Start();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EngineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.TraceId == parent.TraceId) spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == EngineTelemetry.Meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, StageOf(tags))));
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, StageOf(tags))));
        meters.SetMeasurementEventCallback<int>((i, v, tags, _) => measurements.Enqueue((i.Name, v, StageOf(tags))));
        meters.Start();

        var meeting = SyntheticMeeting.RoundTable(3, 8, 31);
        using var diarizer = DiarizationFixtures.Diarizer();
        var result = diarizer.Diarize(meeting.Samples);

        var root = Assert.Single(spans, s => s.OperationName == "diarize");
        Assert.Equal(3, root.GetTagItem("diarization.speakers"));
        foreach (string stage in new[] { "segmentation", "embedding", "clustering", "reconstruction" })
        {
            var span = Assert.Single(spans, s => s.OperationName == "diarization." + stage);
            Assert.Equal(root.SpanId, span.ParentSpanId);
            Assert.Contains(measurements, m => m.Name == "asr.engine.stage.duration" && m.Stage == "diarization." + stage);
        }

        Assert.Contains(measurements, m => m.Name == "asr.diarization.audio" && Math.Abs(m.Value - meeting.Duration) < 1e-9);
        Assert.Contains(measurements, m => m.Name == "asr.diarization.speakers" && m.Value == result.Speakers.Count);
        Assert.Contains(measurements, m => m.Name == "asr.diarization.real_time_factor" && m.Value > 0);
        Assert.Contains(measurements, m => m.Name == "asr.diarization.embeddings" && m.Value > 0);
    }

    private static string? StageOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "stage")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
