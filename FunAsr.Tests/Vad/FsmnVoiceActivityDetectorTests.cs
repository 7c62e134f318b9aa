using FunAsr.AsrService.Vad;
using Xunit.Abstractions;

namespace FunAsr.Tests.Vad;

/// <summary>The FSMN-VAD runner against a crafted model with FunASR's exact I/O (models/testing/make_vad_models.py).</summary>
public sealed class FsmnVoiceActivityDetectorTests(ITestOutputHelper output)
{
    private const int Rate = VadTestAudio.Rate;

    private static string ModelPath => Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "model.onnx");

    private static string MvnPath => Path.Combine(VadTestAudio.ModelsFolder, "fsmn-vad", "am.mvn");

    [Theory]
    [InlineData(FsmnVoiceActivityDetector.DefaultChunkFrames)]
    [InlineData(37)]
    [InlineData(1)]
    public void Speech_probabilities_match_pytorch_whatever_the_chunking(int chunkFrames)
    {
        // The reference ran the whole probe in one call; with small chunks only correctly carried caches reproduce it.
        float[] audio = VadTestAudio.ReadWav(Path.Combine(VadTestAudio.ModelsFolder, "probe.wav"));
        float[] expected = VadTestAudio.ReadColumn(Path.Combine(VadTestAudio.ModelsFolder, "fsmn_probe_speech_prob.f32"));
        using var vad = new FsmnVoiceActivityDetector(ModelPath, MvnPath, new VadOptions(), chunkFrames);

        float[] actual = vad.SpeechProbabilities(audio, CancellationToken.None);

        Assert.Equal(expected.Length, actual.Length);
        float diff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"chunk {chunkFrames}: {actual.Length} frames, max-abs-diff {diff:E3}");
        Assert.True(diff <= 1e-4f, $"max-abs-diff {diff}");
    }

    [Fact]
    public void Tones_separated_by_long_pauses_become_separate_padded_segments()
    {
        float[] audio = VadTestAudio.Silence(9);
        (double Start, double End)[] tones = [(1.0, 2.5), (4.0, 4.6), (6.5, 8.0)];
        foreach (var (start, end) in tones)
        {
            VadTestAudio.AddTone(audio, start, end);
        }

        using var vad = new FsmnVoiceActivityDetector(ModelPath, MvnPath, new VadOptions());
        var segments = vad.Detect(audio, CancellationToken.None);

        output.WriteLine(string.Join(", ", segments.Select(s => $"{s.StartSample / (double)Rate:F2}..{s.EndSample / (double)Rate:F2}")));
        Assert.Equal(tones.Length, segments.Count);
        for (int i = 0; i < tones.Length; i++)
        {
            Assert.InRange(segments[i].StartSample / (double)Rate, tones[i].Start - 0.3, tones[i].Start);
            Assert.InRange(segments[i].EndSample / (double)Rate, tones[i].End, tones[i].End + 0.4);
        }
    }

    [Fact]
    public void Pauses_shorter_than_the_end_silence_stay_in_one_segment()
    {
        // probe.wav: tones at 0.6-1.6 s and 2.1-2.9 s, a 0.5 s pause (< 800 ms) between them.
        float[] audio = VadTestAudio.ReadWav(Path.Combine(VadTestAudio.ModelsFolder, "probe.wav"));
        using var vad = new FsmnVoiceActivityDetector(ModelPath, MvnPath, new VadOptions());

        var segment = Assert.Single(vad.Detect(audio, CancellationToken.None));

        Assert.True(segment.StartSample <= (int)(0.6 * Rate));
        Assert.True(segment.EndSample >= (int)(2.9 * Rate));
    }

    [Fact]
    public void Long_speech_is_split_to_the_maximum()
    {
        float[] audio = new float[25 * Rate];
        VadTestAudio.AddTone(audio, 0, 25);
        using var vad = new FsmnVoiceActivityDetector(ModelPath, MvnPath, new VadOptions { MaxSegmentSeconds = 10 });

        var segments = vad.Detect(audio, CancellationToken.None);

        Assert.True(segments.Count >= 3);
        Assert.All(segments, s => Assert.True(s.Length <= 10 * Rate));
        Assert.Equal(audio.Length, segments[^1].EndSample);
    }

    [Fact]
    public void Silence_and_short_input_give_no_segments()
    {
        using var vad = new FsmnVoiceActivityDetector(ModelPath, MvnPath, new VadOptions());

        Assert.Empty(vad.Detect(VadTestAudio.Silence(2), CancellationToken.None));
        Assert.Empty(vad.Detect(new float[100], CancellationToken.None));
        Assert.Empty(vad.Detect([], CancellationToken.None));
    }

    [Fact]
    public void Am_mvn_of_the_wrong_size_is_rejected()
    {
        string badMvn = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Features", "am.mvn");

        var ex = Assert.Throws<InvalidDataException>(() => new FsmnVoiceActivityDetector(ModelPath, badMvn, new VadOptions()));
        Assert.Contains("560", ex.Message);
    }
}
