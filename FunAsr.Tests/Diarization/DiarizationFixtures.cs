using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Inference;
using FunAsr.Tests.Audio;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunAsr.Tests.Diarization;

/// <summary>The known-answer diarization models and the Python reference's numbers (models/testing/diarization).</summary>
internal static class DiarizationFixtures
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "models", "testing", "diarization");

    public static string Segmentation => Path.Combine(Folder, "kat-segmentation");

    public static string Embedding(string framework) => Path.Combine(Folder, $"kat-{framework}");

    public static string FixturePath(string name) => Path.Combine(Folder, "fixtures", name);

    public static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(FixturePath(name))).RootElement;

    public static InferenceOptions Inference { get; } = new() { IntraOpThreads = 1 };

    public static SpeakerDiarizer Diarizer(string framework = "3d-speaker", DiarizationOptions? options = null)
    {
        options ??= new DiarizationOptions();
        options.SegmentationModelPath = Segmentation;
        options.EmbeddingModelPath = Embedding(framework);
        return SpeakerDiarizer.Open(options, Inference, NullLoggerFactory.Instance);
    }

    private static readonly Lazy<float[]> MeetingSamples = new(() =>
    {
        using var media = new TestMedia();
        byte[] raw = media.Ffmpeg("-i", FixturePath("meeting.flac"), "-f", "f32le", "-ac", "1", "-ar", "16000", "meeting.raw");
        return MemoryMarshal.Cast<byte, float>(raw).ToArray();
    });

    /// <summary>meeting.flac decoded losslessly: the samples the Python reference saw (int16 / 32768).</summary>
    public static float[] Meeting => MeetingSamples.Value;

    public static List<LabeledSegment> MeetingReference => Rttm.Parse(File.ReadAllText(FixturePath("meeting.rttm")));

    /// <summary>.f32: int32 rows, int32 cols, then float32 data, all little endian.</summary>
    public static (int Rows, int Cols, float[] Data) ReadMatrix(string name)
    {
        byte[] bytes = File.ReadAllBytes(FixturePath(name));
        int rows = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int cols = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        return (rows, cols, MemoryMarshal.Cast<byte, float>(bytes.AsSpan(8)).ToArray());
    }

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static List<LabeledSegment> Segments(JsonElement array) => array.EnumerateArray()
        .Select(s => new LabeledSegment(s[0].GetDouble(), s[1].GetDouble(), s[2].ValueKind == JsonValueKind.String ? s[2].GetString()! : s[2].GetInt32().ToString()))
        .ToList();
}
