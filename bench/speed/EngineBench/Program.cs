// The engine's side of bench/speed/compare.mjs: loads one model the way the service does and answers one JSON line per
// command read from stdin, so the driver can alternate it with sherpa-onnx-node (bench/speed/sherpa-server.mjs, the
// same protocol) on the same audio.
//   EngineBench --kind sensevoice|nano --model DIR --threads N [--int8] [--batch N] [--pad 1.25]
//               [--frontend engine|sherpa] [--tokens N] [--rows N] [--provider cpu|cuda] [--repeat N] WAV...
// Commands: run (every WAV once, in order) | load on|off REQUESTS CONCURRENCY (sensevoice: mixed 2–30 s requests,
// cross-request batching on or off) | run1 (nano: one new token each) | serial N [same] | concurrent N [same]
// (nano: N utterances cycling over the WAVs, or N copies of the third, one at a time or all submitted at once) | rss | quit.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FunAsr.AsrService.Decoding;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Nano;
using FunAsr.AsrService.Recognition;
using FunAsr.Bench.Sherpa;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

var options = Options.Parse(args);
// Log lines (the provider choice, CUDA's fallback) go to stderr: stdout carries the protocol.
using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace));
var log = logging.CreateLogger("EngineBench");
// --repeat N: the WAVs cycled to N utterances (a batch of 8 from 5 files).
var wavs = options.Repeat > 0 ? [.. Enumerable.Range(0, options.Repeat).Select(i => options.Wavs[i % options.Wavs.Length])] : options.Wavs;
var audio = wavs.Select(SherpaNanoFrontEnd.ReadWav).ToArray();
var audioSeconds = audio.Sum(a => a.Length) / 16000.0;
var bench = options.Kind == "nano" ? (IBench)new NanoSide(options, audio, log) : new SenseVoiceSide(options, audio, log);
Console.WriteLine(JsonSerializer.Serialize(new { ready = true, engine = "engine", model = bench.Describe, audioSeconds }));
string? line;
while ((line = Console.ReadLine()) is not null)
{
    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (words.Length == 0)
    {
        continue;
    }

    if (words[0] == "quit")
    {
        break;
    }

    object answer = words[0] switch
    {
        "rss" => Memory.Read(),
        _ => Measure(() => bench.Run(words)),
    };
    Console.WriteLine(JsonSerializer.Serialize(answer));
}

bench.Dispose();
return 0;

static object Measure(Func<Dictionary<string, object>> run)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var result = run();
    result["wallMs"] = clock.Elapsed.TotalMilliseconds;
    result["cpuMs"] = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
    return result;
}

internal interface IBench : IDisposable
{
    string Describe { get; }

    Dictionary<string, object> Run(string[] command);
}

/// <summary>SenseVoice as the service runs it: fbank, LFR/CMVN, ONNX Runtime, CTC decoding to text.</summary>
internal sealed class SenseVoiceSide : IBench
{
    private readonly SpeechModel _model;
    private readonly AcousticModel _acoustic;
    private readonly SpeechFeatureExtractor _features;
    private readonly TranscriptDecoder _decoder;
    private readonly float[][] _audio;
    private readonly int _batch;
    private readonly double _pad;

    public SenseVoiceSide(Options options, float[][] audio, ILogger log)
    {
        _model = SpeechModelLoader.Load(options.Model, new InferenceOptions { IntraOpThreads = options.Threads, PreferQuantized = options.Int8, ExecutionProvider = options.Provider }, log);
        _acoustic = new AcousticModel(_model);
        _features = new SpeechFeatureExtractor(_model);
        _decoder = new TranscriptDecoder(_model.Definition, _model.Tokens);
        _audio = audio;
        _batch = options.Batch;
        _pad = options.Pad;
    }

    public string Describe => $"{_model.Definition.Family.Name()} {Path.GetFileName(_model.Definition.OnnxPath)} batch {_batch} on {_model.ExecutionProvider}";

    public Dictionary<string, object> Run(string[] command) => command[0] == "load"
        ? Load(command[1] == "on", int.Parse(command[2], CultureInfo.InvariantCulture), int.Parse(command[3], CultureInfo.InvariantCulture))
        : RunAll();

    private Dictionary<string, object> RunAll()
    {
        var language = _model.Definition.LanguageIds.GetValueOrDefault("auto");
        var itn = _model.Definition.WithItnId ?? 0;
        var inputs = _audio.Select(a => _features.Extract(a, language, itn)).ToList();
        var outputs = _batch <= 1
            ? inputs.Select(i => _acoustic.Run([i], CancellationToken.None, keepLogits: false)[0]).ToArray()
            : _acoustic.RunBucketed(inputs, _batch, _pad, CancellationToken.None);
        var characters = outputs.Sum(o => _decoder.Decode(o).Text.Length);
        return new() { ["segments"] = outputs.Length, ["characters"] = characters, ["audioSeconds"] = _audio.Sum(a => a.Length) / 16000.0 };
    }

    /// <summary>
    /// <paramref name="requests"/> requests of 2–30 s (the same seeded lengths every time, cut from the WAVs end to end),
    /// <paramref name="concurrency"/> at a time, each as the service runs it: features, the acoustic runner, CTC decoding.
    /// Batching on: the cross-request <see cref="DynamicBatcher"/> with length buckets; off: one run per request.
    /// </summary>
    private Dictionary<string, object> Load(bool batching, int requests, int concurrency)
    {
        var clips = LoadClips(requests);
        var options = new BatchingOptions { MaxBatchSize = _batch, MaxWaitMs = 10, QueueCapacity = 4 * requests, MaxPaddingRatio = _pad };
        var batcher = batching ? new DynamicBatcher(_acoustic, options, TimeProvider.System, NullLogger<DynamicBatcher>.Instance) : null;
        IAcousticRunner runner = batcher is null ? new DirectAcousticRunner(_acoustic, 1) : batcher;
        var language = _model.Definition.LanguageIds.GetValueOrDefault("auto");
        var itn = _model.Definition.WithItnId ?? 0;
        var next = -1;
        var characters = 0;
        var clock = Stopwatch.StartNew();
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < clips.Length;)
            {
                var outputs = await runner.RunAsync([_features.Extract(clips[i], language, itn)], CancellationToken.None);
                Interlocked.Add(ref characters, _decoder.Decode(outputs[0]).Text.Length);
            }
        }))).GetAwaiter().GetResult();
        var seconds = clock.Elapsed.TotalSeconds;
        var result = new Dictionary<string, object>
        {
            ["requests"] = clips.Length,
            ["audioSeconds"] = clips.Sum(c => c.Length) / 16000.0,
            ["requestsPerSecond"] = clips.Length / seconds,
            ["characters"] = characters,
            ["runs"] = batcher?.BatchesRun ?? clips.Length,
            ["largestBatch"] = batcher?.LargestBatch ?? 1,
        };
        batcher?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return result;
    }

    private float[][] LoadClips(int count)
    {
        var all = _audio.SelectMany(a => a).ToArray();
        var random = new Random(16);
        var offset = 0;
        var clips = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var clip = clips[i] = new float[random.Next(2 * 16000, 30 * 16000 + 1)];
            for (var j = 0; j < clip.Length; j++)
            {
                clip[j] = all[(offset + j) % all.Length];
            }

            offset = (offset + clip.Length) % all.Length;
        }

        return clips;
    }

    public void Dispose() => _model.Dispose();
}

/// <summary>Fun-ASR-Nano through the LLM: the service's front end and frame rule, or sherpa-onnx's (same prompt length).</summary>
internal sealed class NanoSide : IBench
{
    private readonly NanoLlmModel _model;
    private readonly NanoLlmDecoder _decoder;
    private readonly NanoFeatures[] _features;
    private readonly double[] _seconds;
    private readonly Options _options;

    public NanoSide(Options options, float[][] audio, ILogger log)
    {
        _options = options;
        _model = NanoLlmModel.Load(options.Model, new NanoLlmOptions { IntraOpThreads = options.Threads, MaxBatchRows = options.Rows, ExecutionProvider = options.Provider }, log);
        _decoder = new NanoLlmDecoder(_model);
        var engineFrontEnd = new NanoFbankFeatures(_model);
        _seconds = [.. audio.Select(a => a.Length / 16000.0)];
        _features = [.. audio.Select(a => options.FrontEnd == "sherpa" ? SherpaNanoFrontEnd.Features(a) : engineFrontEnd.Extract(a))];
    }

    public string Describe => $"Fun-ASR-Nano {_model.Family.Name()} {_model.NumLayers} layers, {_options.FrontEnd} front end";

    public Dictionary<string, object> Run(string[] command)
    {
        var n = command.Length > 1 ? int.Parse(command[1], CultureInfo.InvariantCulture) : _features.Length;
        var same = command.Length > 2 && command[2] == "same";
        var tokens = command[0] == "run1" ? 1 : _options.Tokens;
        // ITN off and no language: what sherpa-onnx-node 1.13.8 sends (its funasrNano config has neither).
        var settings = new NanoDecodeSettings([], null, Itn: false, tokens, RepetitionGuard: false, FeedAllAudioFrames: _options.FrontEnd == "sherpa");
        var picks = Enumerable.Range(0, n).Select(i => same ? Math.Min(2, _features.Length - 1) : i % _features.Length).ToList();
        var utterances = picks.ConvertAll(i => _features[i]);
        var before = _model.BatchDecoder?.Stats;
        NanoDecodeResult[] results = command[0] == "concurrent"
            ? Task.WhenAll(utterances.Select(f => _decoder.DecodeAsync(f.Values, f.Frames, settings, CancellationToken.None))).GetAwaiter().GetResult()
            : [.. utterances.Select(f => _decoder.Decode(f.Values, f.Frames, settings, CancellationToken.None))];
        var after = _model.BatchDecoder?.Stats;
        return new()
        {
            ["segments"] = results.Length,
            ["audioSeconds"] = picks.Sum(i => _seconds[i]),
            ["tokens"] = results.Sum(r => r.TokenIds.Count),
            ["promptTokens"] = results.Sum(r => r.PromptTokens),
            ["encoderMs"] = results.Sum(r => r.EncoderTime.TotalMilliseconds),
            ["prefillMs"] = results.Sum(r => r.PrefillTime.TotalMilliseconds),
            ["stepMs"] = results.Sum(r => r.StepTime.TotalMilliseconds),
            ["steps"] = (after?.StepCalls ?? 0) - (before?.StepCalls ?? 0),
            ["rowSteps"] = (after?.RowSteps ?? 0) - (before?.RowSteps ?? 0),
            ["stepAllocatedBytes"] = (after?.StepAllocatedBytes ?? 0) - (before?.StepAllocatedBytes ?? 0),
        };
    }

    public void Dispose() => _model.Dispose();
}

internal static class Memory
{
    /// <summary>Peak and current resident set of this process (VmHWM, VmRSS), in MB.</summary>
    public static Dictionary<string, object> Read()
    {
        var status = File.ReadAllLines("/proc/self/status");
        double Kb(string key) => double.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new() { ["peakRssMb"] = Kb("VmHWM:") / 1024, ["rssMb"] = Kb("VmRSS:") / 1024 };
    }
}

internal sealed record Options(string Kind, string Model, int Threads, bool Int8, int Batch, double Pad, string FrontEnd, int Tokens, int Rows, string Provider, int Repeat, string[] Wavs)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var flags = new HashSet<string> { "--kind", "--model", "--threads", "--batch", "--pad", "--frontend", "--tokens", "--rows", "--provider", "--repeat" };
        var wavs = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !flags.Contains(args[i - 1]))).ToArray();
        return new Options(Value("--kind", "sensevoice"), Value("--model", ""), int.Parse(Value("--threads", "1"), CultureInfo.InvariantCulture),
            args.Contains("--int8"), int.Parse(Value("--batch", "1"), CultureInfo.InvariantCulture),
            double.Parse(Value("--pad", "1.25"), CultureInfo.InvariantCulture), Value("--frontend", "engine"),
            int.Parse(Value("--tokens", "32"), CultureInfo.InvariantCulture), int.Parse(Value("--rows", "8"), CultureInfo.InvariantCulture),
            Value("--provider", "cpu"), int.Parse(Value("--repeat", "0"), CultureInfo.InvariantCulture), wavs);
    }
}
