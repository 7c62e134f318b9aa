using System.Globalization;

namespace FunAsr.LoadTest;

/// <summary>Command-line settings; every one has a default so a bare run measures the standard matrix.</summary>
public sealed record LoadOptions
{
    public string? Url { get; init; }
    public string ServiceDll { get; init; } = "FunAsr.AsrService/bin/Release/net10.0/FunAsr.AsrService.dll";
    public string ModelPath { get; init; } = "models/testing/known-answer";
    public string TonesPath { get; init; } = "models/testing/known-answer/tones.json";
    public int[] Concurrency { get; init; } = [1, 8, 32];
    public bool[] Batching { get; init; } = [true, false];
    public double Seconds { get; init; } = 15;
    public double WarmupSeconds { get; init; } = 3;
    public double ClipSeconds { get; init; } = 8;
    public int IntraOpThreads { get; init; } = 2;
    public int MaxBatchSize { get; init; } = 8;
    public int MaxWaitMs { get; init; } = 10;
    public bool Quantized { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--url" => options with { Url = Next() },
                "--service" => options with { ServiceDll = Next() },
                "--model" => options with { ModelPath = Next() },
                "--tones" => options with { TonesPath = Next() },
                "--concurrency" => options with { Concurrency = Next().Split(',').Select(int.Parse).ToArray() },
                "--batching" => options with { Batching = Next().Split(',').Select(v => v is "on" or "true").ToArray() },
                "--seconds" => options with { Seconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmupSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--clip" => options with { ClipSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--threads" => options with { IntraOpThreads = int.Parse(Next()) },
                "--max-batch" => options with { MaxBatchSize = int.Parse(Next()) },
                "--max-wait-ms" => options with { MaxWaitMs = int.Parse(Next()) },
                "--int8" => options with { Quantized = true },
                "--help" or "-h" => throw new ArgumentException(Usage),
                var unknown => throw new ArgumentException($"Unknown option '{unknown}'.\n{Usage}"),
            };
        }
        return options;
    }

    public const string Usage = """
        FunAsr.LoadTest — requests/s, latency percentiles and real-time factor of POST /api/asr/transcriptions.
          --url URL            measure a running service (batching as it is configured) instead of starting one
          --service DLL        FunAsr.AsrService.dll to start per batching mode (default: the Release build)
          --model DIR          Asr:Model:Path for the started service (default: the known-answer model)
          --concurrency LIST   default 1,8,32         --batching LIST  on,off (default both)
          --seconds S          measured time per level (15)   --warmup S (3)   --clip S audio per request (8)
          --threads N          Asr:Inference:IntraOpThreads (2)   --max-batch N (8)   --max-wait-ms N (10)
          --int8               prefer the folder's model_quant.onnx (Asr:Inference:PreferQuantized)
        Run from the repository root after: dotnet build FunAsr.AsrService -c Release
        """;
}
