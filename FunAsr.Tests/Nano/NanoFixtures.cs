using System.Text.Json;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Nano;

/// <summary>The Nano LLM replicas made by models/testing/replicas/make_replicas.py, each laid out as its archive unpacks.</summary>
internal static class NanoFixtures
{
    public const string SherpaInt8 = "sherpa-funasr-nano-int8-2025-12-30";
    public const string SherpaFp16 = "sherpa-funasr-nano-fp16-2025-12-30";
    public const string SherpaFp32 = "sherpa-funasr-nano-2025-12-30";
    public const string ManySpeechMlt = "manyspeech-fun-asr-mlt-nano-2512-int8";
    public const string ManySpeechNano = "manyspeech-fun-asr-nano-2512-llm-int8";

    public static readonly string[] All = [SherpaInt8, SherpaFp16, SherpaFp32, ManySpeechMlt, ManySpeechNano];

    public static string Root => Path.Combine(RepositoryPaths.Root, "models", "testing", "replicas");

    public static string Folder(string replica) => Path.Combine(Root, replica);

    public static string Fp32Folder => Folder(SherpaFp32);

    public static string Fp16Folder => Folder(SherpaFp16);

    /// <summary>The Qwen3 tokenizer as the sherpa-onnx archives ship it.</summary>
    public static string TokenizerFolder => Path.Combine(Fp32Folder, "Qwen3-0.6B");

    public static JsonDocument ReadReference(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "reference", $"{name}.json")));
}

/// <summary>The LFR features make_replicas.py's feature(frames, seed) computes: 2 sin(0.013 (t+1)(d+1) + seed), in float64, as float32.</summary>
internal static class ReplicaFeatures
{
    public static float[] Of(int frames, double seed)
    {
        var values = new float[frames * 560];
        for (var t = 0; t < frames; t++)
        {
            for (var d = 0; d < 560; d++)
            {
                values[(t * 560) + d] = (float)(2.0 * Math.Sin((0.013 * (t + 1) * (d + 1)) + seed));
            }
        }

        return values;
    }
}
