using System.Diagnostics;
using System.Diagnostics.Metrics;
using FunAsr.AsrService.Inference;

namespace FunAsr.AsrService.Diarization;

/// <summary>Spans and metrics of speaker diarization, on the engine's source and meter (stage times in asr.engine.stage.duration).</summary>
internal static class DiarizationTelemetry
{
    public static ActivitySource Source => EngineTelemetry.ActivitySource;

    private static Meter Meter => EngineTelemetry.Meter;

    public static readonly Counter<double> AudioSeconds = Meter.CreateCounter<double>(
        "asr.diarization.audio", "s", "Seconds of audio diarized");

    public static readonly Counter<long> Embeddings = Meter.CreateCounter<long>(
        "asr.diarization.embeddings", "{embedding}", "Speaker embeddings computed (one per window and local speaker)");

    public static readonly Histogram<int> Speakers = Meter.CreateHistogram<int>(
        "asr.diarization.speakers", "{speaker}", "Speakers found per recording");

    public static readonly Histogram<double> RealTimeFactor = Meter.CreateHistogram<double>(
        "asr.diarization.real_time_factor", "1", "Diarization time divided by audio duration, per recording");

    /// <summary>Starts a child span for one stage and records its wall time under stage=diarization.&lt;name&gt; when disposed.</summary>
    public static StageScope Stage(string name) => new(name);

    public readonly struct StageScope : IDisposable
    {
        private readonly string _stage;
        private readonly long _started;

        public StageScope(string name)
        {
            _stage = "diarization." + name;
            _started = Stopwatch.GetTimestamp();
            Activity = Source.StartActivity(_stage);
        }

        public Activity? Activity { get; }

        public void Dispose()
        {
            EngineTelemetry.StageDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds,
                new KeyValuePair<string, object?>("stage", _stage));
            Activity?.Dispose();
        }
    }
}
