using BenchmarkDotNet.Attributes;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Benchmarks;

/// <summary>
/// End-to-end real-time factor of the engine (fbank → LFR/CMVN → ONNX Runtime → CTC decoding) on the full-size
/// random-weight SenseVoiceSmall from bench/make_fullsize_sensevoice.py: 40 s of audio cut into 8 segments of 5 s,
/// run one segment per session call (Batch=1) or all 8 in one padded call (Batch=8), at 1 and 2 intra-op threads.
/// RTF = 1 / "x real time". Model folder: FUNASR_BENCH_MODEL or bench/out/sensevoice-fullsize ("fp32", "int8");
/// "sherpa-fp32" runs the same weights in their sherpa-onnx export (bench/out/sensevoice-fullsize-sherpa), the file
/// bench/sherpa/compare.mjs gives sherpa-onnx.
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
    private StageTimings _last = StageTimings.Zero;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(1, 8)]
    public int Batch { get; set; }

    [Params("fp32", "int8", "sherpa-fp32")]
    public string Precision { get; set; } = "fp32";

    [GlobalSetup]
    public void Setup()
    {
        var folder = Environment.GetEnvironmentVariable("FUNASR_BENCH_MODEL")
            ?? FindModelFolder(Precision == "sherpa-fp32" ? "sensevoice-fullsize-sherpa" : "sensevoice-fullsize");
        _model = SpeechModelLoader.Load(folder, new InferenceOptions { IntraOpThreads = Threads, PreferQuantized = Precision == "int8" }, NullLogger.Instance);
        if (Precision == "int8" && !_model.Definition.OnnxPath.EndsWith("model_quant.onnx", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"No model_quant.onnx in {folder}: run bench/make_fullsize_sensevoice.py --int8");
        }

        _recognizer = new SpeechRecognizer(_model, new DirectAcousticRunner(new AcousticModel(_model), Batch),
            new SpeechEngineOptions(), TimeProvider.System);
        const int segmentSamples = SegmentSeconds * AudioClip.EngineSampleRate;
        _clip = new AudioClip(SpeechLikeAudio(SegmentSeconds * Segments))
        {
            Segments = [.. Enumerable.Range(0, Segments).Select(i => new SpeechSpan(i * segmentSamples, (i + 1) * segmentSamples))],
        };
    }

    [Benchmark(Description = "recognise 8 x 5 s")]
    public RecognitionResult Recognize()
    {
        var result = _recognizer.RecognizeAsync(_clip, new RecognitionOptions(), CancellationToken.None).GetAwaiter().GetResult();
        _last = result.Timings;
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The last (warm) run's stages: how much of the time is front end and decoding rather than the network.
        Console.WriteLine($"// stages ({Precision}, {Threads} threads, batch {Batch}): features {_last.Features.TotalMilliseconds:F0} ms, " +
                          $"inference {_last.Inference.TotalMilliseconds:F0} ms, decoding {_last.Decoding.TotalMilliseconds:F0} ms, " +
                          $"pre/post share {100 * (_last.Features + _last.Decoding) / _last.Total:F1}%");
        _model.Dispose();
    }

    private static string FindModelFolder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "out", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"bench/out/{name} not found: run /usr/bin/python3 bench/make_fullsize_sensevoice.py --int8 --sherpa");
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
