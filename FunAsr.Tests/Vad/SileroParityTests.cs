using System.Text.Json;
using FunAsr.AsrService.Vad;
using FunAsr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunAsr.Tests.Vad;

/// <summary>
/// The engine's Silero runner on the real Silero VAD v5.1.2 weights (models/bundled) and real LibriVox recordings
/// (Debian pocketsphinx-testdata) against the segments sherpa-onnx-node 1.13.8 found on the same audio and settings
/// (bench/sherpa/silero-vad-segments.mjs wrote models/testing/vad/sherpa-silero/segments.json): every boundary within 50 ms.
/// </summary>
public sealed class SileroParityTests(ITestOutputHelper output)
{
    private const string LibriVox = "/usr/share/pocketsphinx/test/data/librivox";
    private const int ToleranceSamples = 50 * 16;

    private static string Reference => Path.Combine(RepositoryPaths.Root, "models", "testing", "vad", "sherpa-silero", "segments.json");

    private static string Model => Path.Combine(RepositoryPaths.Root, VadFactory.BundledSileroRelativePath);

    public static TheoryData<int> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Reference));
        var data = new TheoryData<int>();
        for (var i = 0; i < doc.RootElement.GetProperty("cases").GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_bundled_model_is_silero_v5_1_2_by_its_pinned_sum()
    {
        Assert.True(VadFactory.HasBundledSum(Model));
        Assert.Equal(2_327_524, new FileInfo(Model).Length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Segments_are_within_50_ms_of_sherpa_onnx(int index)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Reference));
        var c = doc.RootElement.GetProperty("cases")[index];
        var settings = c.GetProperty("settings");
        var options = new VadOptions
        {
            SileroThreshold = settings.GetProperty("threshold").GetDouble(),
            SileroMinSilenceMs = (int)Math.Round(settings.GetProperty("minSilenceDuration").GetDouble() * 1000),
            SileroMinSpeechMs = (int)Math.Round(settings.GetProperty("minSpeechDuration").GetDouble() * 1000),
            MaxSegmentSeconds = settings.GetProperty("maxSpeechDuration").GetDouble(),
        };
        var samples = Audio(c);
        Assert.Equal(c.GetProperty("samples").GetInt32(), samples.Length);
        using var vad = new SileroVoiceActivityDetector(Model, options);

        var actual = vad.Detect(samples, CancellationToken.None);

        var expected = c.GetProperty("segments").EnumerateArray().Select(s => (Start: s[0].GetInt32(), End: s[1].GetInt32())).ToList();
        output.WriteLine($"{c.GetProperty("name").GetString()}: sherpa {string.Join(" ", expected)} / engine {string.Join(" ", actual.Select(s => (s.StartSample, s.EndSample)))}");
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.InRange(actual[i].StartSample, expected[i].Start - ToleranceSamples, expected[i].Start + ToleranceSamples);
            Assert.InRange(actual[i].EndSample, expected[i].End - ToleranceSamples, expected[i].End + ToleranceSamples);
        }
    }

    /// <summary>One recording, or all five joined with the case's gap of silence, as the script built them.</summary>
    private static float[] Audio(JsonElement c)
    {
        if (!c.TryGetProperty("parts", out var parts))
        {
            return VadTestAudio.ReadWav(Path.Combine(LibriVox, c.GetProperty("name").GetString()!));
        }

        var gap = (int)(c.GetProperty("gapSeconds").GetDouble() * 16000);
        var clips = parts.EnumerateArray().Select(p => VadTestAudio.ReadWav(Path.Combine(LibriVox, p.GetString()!))).ToList();
        var joined = new List<float>();
        for (var i = 0; i < clips.Count; i++)
        {
            joined.AddRange(clips[i]);
            if (i < clips.Count - 1)
            {
                joined.AddRange(new float[gap]);
            }
        }

        return [.. joined];
    }
}
