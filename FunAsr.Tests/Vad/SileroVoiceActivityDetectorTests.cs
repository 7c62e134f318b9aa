using FunAsr.AsrService.Vad;
using Xunit.Abstractions;

namespace FunAsr.Tests.Vad;

/// <summary>The Silero v5 runner against a crafted model with its exact I/O (models/testing/make_vad_models.py).</summary>
public sealed class SileroVoiceActivityDetectorTests(ITestOutputHelper output)
{
    private const int Rate = VadTestAudio.Rate;

    private static string ModelPath => Path.Combine(VadTestAudio.ModelsFolder, "silero_vad.onnx");

    [Fact]
    public void Window_probabilities_match_the_reference_loop_with_context_state_and_rate()
    {
        float[] audio = VadTestAudio.ReadWav(Path.Combine(VadTestAudio.ModelsFolder, "probe.wav"));
        float[] expected = VadTestAudio.ReadColumn(Path.Combine(VadTestAudio.ModelsFolder, "silero_probe_prob.f32"));
        using var vad = new SileroVoiceActivityDetector(ModelPath, new VadOptions());

        float[] actual = vad.SpeechProbabilities(audio, CancellationToken.None);

        Assert.Equal(expected.Length, actual.Length);
        float diff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{actual.Length} windows, max-abs-diff {diff:E3}");
        Assert.True(diff <= 1e-5f, $"max-abs-diff {diff}");
    }

    [Fact]
    public void Probe_tones_become_two_padded_segments()
    {
        float[] audio = VadTestAudio.ReadWav(Path.Combine(VadTestAudio.ModelsFolder, "probe.wav"));
        using var vad = new SileroVoiceActivityDetector(ModelPath, new VadOptions());

        var segments = vad.Detect(audio, CancellationToken.None);

        output.WriteLine(string.Join(", ", segments.Select(s => $"{s.StartSample / (double)Rate:F3}..{s.EndSample / (double)Rate:F3}")));
        Assert.Equal(2, segments.Count);
        Assert.InRange(segments[0].StartSample / (double)Rate, 0.5, 0.6);
        Assert.InRange(segments[0].EndSample / (double)Rate, 1.6, 1.75);
        Assert.InRange(segments[1].StartSample / (double)Rate, 2.0, 2.1);
        Assert.InRange(segments[1].EndSample / (double)Rate, 2.9, 3.05);
    }

    [Fact]
    public void Long_speech_is_split_to_the_maximum()
    {
        float[] audio = new float[70 * Rate];
        VadTestAudio.AddTone(audio, 0, 70);
        using var vad = new SileroVoiceActivityDetector(ModelPath, new VadOptions());

        var segments = vad.Detect(audio, CancellationToken.None);

        Assert.Equal(3, segments.Count);
        Assert.All(segments, s => Assert.True(s.Length <= 30 * Rate));
        Assert.Equal(0, segments[0].StartSample);
        Assert.Equal(audio.Length, segments[^1].EndSample);
    }

    [Fact]
    public void Timestamp_rules_follow_silero()
    {
        const int w = 512;
        float[] p = new float[40];
        // Speech in windows 2..11 (10 windows = 320 ms), a 2-window dip (64 ms < 100 ms) at 12..13, speech to 20,
        // then silence; a 4-window blip (128 ms < 250 ms) at 30..33.
        for (int i = 2; i <= 20; i++)
        {
            p[i] = i is 12 or 13 ? 0.1f : 0.9f;
        }

        for (int i = 30; i <= 33; i++)
        {
            p[i] = 0.9f;
        }

        var speeches = SileroVoiceActivityDetector.ToSpeeches(p, 40 * w, 0.5f);

        var speech = Assert.Single(speeches);
        Assert.Equal(2 * w - 480, speech.StartSample);
        Assert.Equal(21 * w + 480, speech.EndSample);
    }

    [Fact]
    public void A_model_without_the_silero_inputs_is_refused_with_their_names()
    {
        string fsmn = Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "model.onnx");

        var ex = Assert.Throws<InvalidDataException>(() => new SileroVoiceActivityDetector(fsmn, new VadOptions()));

        Assert.Contains("input", ex.Message);
        Assert.Contains("speech", ex.Message);
    }
}
