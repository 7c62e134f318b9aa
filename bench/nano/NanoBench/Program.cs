using System.Diagnostics;
using System.Globalization;
using FunAsr.AsrService.Nano;

namespace FunAsr.Bench.Nano;

/// <summary>
/// Tokens per second and real-time factor of the Fun-ASR-Nano LLM path on a model folder (bench/nano/make_fullsize_nano.py).
/// Usage: dotnet run -c Release --project bench/nano/NanoBench -- FOLDER [FOLDER...] [--seconds 10] [--tokens 40] [--threads 2] [--runs 3]
/// Features are random LFR frames for the given audio length (the fbank is benchmarked by the frontend); the repetition
/// guard is off so every run generates exactly --tokens tokens.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var folders = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        double seconds = Option(args, "--seconds", 10);
        var tokens = (int)Option(args, "--tokens", 40);
        var threads = (int)Option(args, "--threads", 2);
        var runs = (int)Option(args, "--runs", 3);
        if (folders.Count == 0)
        {
            Console.Error.WriteLine("usage: NanoBench FOLDER [FOLDER...] [--seconds 10] [--tokens 40] [--threads 2] [--runs 3]");
            return 2;
        }

        var frames = (int)Math.Ceiling(seconds * 1000 / 60);
        var random = new Random(1);
        var features = new float[frames * 560];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)((random.NextDouble() * 2) - 1);
        }

        Console.WriteLine($"# audio {seconds} s = {frames} LFR frames, {tokens} new tokens, {threads} intra-op threads, {runs} runs after 1 warm-up");
        Console.WriteLine("| model | io | load s | encoder ms | prefill ms (tokens) | decode tokens/s | total s | RTF |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var folder in folders)
        {
            var load = Stopwatch.StartNew();
            using var model = NanoLlmModel.Load(folder, new NanoLlmOptions { IntraOpThreads = threads });
            var loadSeconds = load.Elapsed.TotalSeconds;
            var decoder = new NanoLlmDecoder(model);
            var settings = new NanoDecodeSettings([], null, true, tokens, RepetitionGuard: false);
            decoder.Decode(features, frames, settings, CancellationToken.None);
            var results = new List<(NanoDecodeResult Result, TimeSpan Total)>();
            for (var r = 0; r < runs; r++)
            {
                var clock = Stopwatch.StartNew();
                var result = decoder.Decode(features, frames, settings, CancellationToken.None);
                results.Add((result, clock.Elapsed));
            }

            var median = results.OrderBy(r => r.Total).ElementAt(results.Count / 2);
            var generated = median.Result.TokenIds.Count;
            var stepsPerSecond = (generated - 1) / median.Result.StepTime.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))} ({model.NumLayers} layers, vocab {model.VocabSize}) | {model.CacheType} | {loadSeconds:F1} | " +
                $"{median.Result.EncoderTime.TotalMilliseconds:F0} | {median.Result.PrefillTime.TotalMilliseconds:F0} ({median.Result.PromptTokens}) | " +
                $"{stepsPerSecond:F2} | {median.Total.TotalSeconds:F2} | {median.Total.TotalSeconds / seconds:F3} |"));
            if (generated != tokens)
            {
                Console.WriteLine($"  note: stopped after {generated} tokens ({median.Result.StopReason})");
            }
        }

        return 0;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
