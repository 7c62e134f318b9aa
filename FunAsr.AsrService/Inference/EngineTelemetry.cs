using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunAsr.AsrService.Inference;

/// <summary>The engine's spans and metrics, named after the service assembly that ServiceDefaults subscribes to.</summary>
public static class EngineTelemetry
{
    public const string Name = "FunAsr.AsrService";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "asr.inference.batch_size", "{segment}", "Segments per ONNX Runtime run");

    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        "asr.engine.stage.duration", "s", "Wall time per recognition stage (tag: stage)");

    public static readonly Counter<double> AudioSeconds = Meter.CreateCounter<double>(
        "asr.engine.audio", "s", "Seconds of audio recognised by the engine");

    private static int _queueDepth;

    static EngineTelemetry() =>
        Meter.CreateObservableGauge("asr.inference.queue_depth", () => Volatile.Read(ref _queueDepth), "{segment}",
            "Segments waiting for the dynamic batcher");

    internal static void AddQueueDepth(int delta) => Interlocked.Add(ref _queueDepth, delta);
}
