using BenchmarkDotNet.Attributes;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Recognition;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Benchmarks;

/// <summary>
/// End-to-end real-time factor of the engine (fbank → LFR/CMVN → ONNX Runtime → CTC decoding) on the full-size
/// random-weight SenseVoiceSmall from bench/make_fullsize_sensevoice.py: 40 s of audio cut into 8 segments of 5 s,
/// run one segment per session call (Batch=1) or all 8 in one padded call (Batch=8), at 1 and 2 intra-op threads.
/// RTF = 1 / "x real time". Model folder: FUNASR_BENCH_MODEL or bench/out/sensevoice-fullsize.
/// <c>dotnet run -c Release --project bench/FunAsr.Benchmarks -- --filter '*EngineRtf*'</c>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
[AudioSeconds(SegmentSeconds * Segments)]
public class EngineRtfBenchmarks
{
    private const int SegmentSeconds = 5;
    private const int Segments = 8;

    private SpeechModel _model = null!;
    private SpeechRecognizer _recognizer = null!;
    private AudioClip _clip = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(1, 8)]
    public int Batch { get; set; }

    [Params("fp32", "int8")]
    public string Precision { get; set; } = "fp32";

    [GlobalSetup]
    public void Setup()
    {
        var folder = Environment.GetEnvironmentVariable("FUNASR_BENCH_MODEL") ?? FindModelFolder();
        _model = SpeechModelLoader.Load(folder, new InferenceOptions { IntraOpThreads = Threads, PreferQuantized = Precision == "int8" }, NullLogger.Instance);
        if (Precision == "int8" && !_model.Definition.OnnxPath.EndsWith("model_quant.onnx", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"No model_quant.onnx in {folder}: run bench/make_fullsize_sensevoice.py --int8");
        }

        _recognizer = new SpeechRecognizer(_model, new DirectAcousticRunner(new AcousticModel(_model), Batch), vad: null,
            new SpeechEngineOptions { MaxSegmentSeconds = SegmentSeconds }, TimeProvider.System);
        _clip = new AudioClip(SpeechLikeAudio(SegmentSeconds * Segments));
        var timings = Recognize().Timings;
        Console.WriteLine($"// stages ({Precision}, {Threads} threads, batch {Batch}): features {timings.Features.TotalMilliseconds:F0} ms, " +
                          $"inference {timings.Inference.TotalMilliseconds:F0} ms, decoding {timings.Decoding.TotalMilliseconds:F0} ms, " +
                          $"pre/post share {100 * (timings.Features + timings.Decoding) / timings.Total:F1}%");
    }

    [Benchmark(Description = "recognise 8 x 5 s")]
    public RecognitionResult Recognize() =>
        _recognizer.RecognizeAsync(_clip, new RecognitionOptions(), CancellationToken.None).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    private static string FindModelFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "out", "sensevoice-fullsize");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("bench/out/sensevoice-fullsize not found: run /usr/bin/python3 bench/make_fullsize_sensevoice.py --int8");
    }

    private static float[] SpeechLikeAudio(int seconds)
    {
        var random = new Random(7);
        var audio = new float[seconds * AudioClip.EngineSampleRate];
        for (var i = 0; i < audio.Length; i++)
        {
            var t = (double)i / AudioClip.EngineSampleRate;
            var f0 = 140 + 40 * Math.Sin(2 * Math.PI * 0.5 * t);
            var envelope = Math.Max(0, Math.Sin(2 * Math.PI * 3 * t));
            audio[i] = (float)(0.2 * envelope * (Math.Sin(2 * Math.PI * f0 * t) + 0.4 * Math.Sin(4 * Math.PI * f0 * t)) + 0.002 * (random.NextDouble() - 0.5));
        }

        return audio;
    }
}
