using FunAsr.AsrService.Vad;
using Xunit.Abstractions;

namespace FunAsr.Tests.Vad;

/// <summary>The Silero v5 runner against a crafted model with its exact I/O (models/testing/make_vad_models.py); real weights: SileroParityTests.</summary>
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
    public void Probe_tones_become_two_segments_with_sherpa_edges()
    {
        float[] audio = VadTestAudio.ReadWav(Path.Combine(VadTestAudio.ModelsFolder, "probe.wav"));
        using var vad = new SileroVoiceActivityDetector(ModelPath, new VadOptions { SileroMinSilenceMs = 100 });

        var segments = vad.Detect(audio, CancellationToken.None);

        output.WriteLine(string.Join(", ", segments.Select(s => $"{s.StartSample / (double)Rate:F3}..{s.EndSample / (double)Rate:F3}")));
        Assert.Equal(2, segments.Count);
        Assert.True(segments[0].EndSample <= segments[1].StartSample);
    }

    [Fact]
    public void Long_speech_is_split_to_the_maximum()
    {
        float[] audio = new float[70 * Rate];
        VadTestAudio.AddTone(audio, 0, 70);
        using var vad = new SileroVoiceActivityDetector(ModelPath, new VadOptions());

        var segments = vad.Detect(audio, CancellationToken.None);

        Assert.True(segments.Count >= 3);
        Assert.All(segments, s => Assert.True(s.Length <= 30 * Rate));
    }

    [Fact]
    public void Segment_rules_follow_sherpa_onnx()
    {
        const int w = SileroVoiceActivityDetector.WindowShift;
        var settings = new SileroVoiceActivityDetector.Settings(0.5f, MinSilenceSamples: 100 * 16, MinSpeechSamples: 250 * 16, MaxSpeechSamples: 30 * 16000);
        float[] p = new float[60];
        // Speech in windows 10..40 with a 2-window dip (64 ms < 100 ms) at 20..21; a 4-window blip (128 ms < 250 ms) at 50..53.
        for (int i = 10; i <= 40; i++)
        {
            p[i] = i is 20 or 21 ? 0.1f : 0.9f;
        }

        for (int i = 50; i <= 53; i++)
        {
            p[i] = 0.9f;
        }

        var speeches = SileroVoiceActivityDetector.ToSpeeches(p, settings);

        var speech = Assert.Single(speeches);
        // Triggered at window 18 (tail 19 w, 250 ms after the first speech window at tail 11 w): start = tail - 2*576 - 4000.
        Assert.Equal((19 * w) - (2 * 576) - 4000, speech.StartSample);
        // First silent window 41 (current 42 w) opens the pause; at window 45 (46 w) it has lasted 1600 samples: end = tail - 1600.
        Assert.Equal((46 * w) - 1600, speech.EndSample);
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
