using System.Diagnostics;
using FunAsr.AsrService.Vad;
using Xunit.Abstractions;

namespace FunAsr.Tests.Vad;

public sealed class EnergyVoiceActivityDetectorTests(ITestOutputHelper output)
{
    private const int Rate = VadTestAudio.Rate;

    [Fact]
    public void Each_tone_burst_is_one_segment_that_covers_it_with_padding()
    {
        float[] audio = VadTestAudio.Silence(10);
        (double Start, double End)[] tones = [(1.0, 2.0), (3.5, 5.2), (7.0, 7.4)];
        foreach (var (start, end) in tones)
        {
            VadTestAudio.AddTone(audio, start, end);
        }

        var segments = new EnergyVoiceActivityDetector(new VadOptions()).Detect(audio, CancellationToken.None);

        Assert.Equal(tones.Length, segments.Count);
        for (int i = 0; i < tones.Length; i++)
        {
            double start = segments[i].StartSample / (double)Rate, end = segments[i].EndSample / (double)Rate;
            output.WriteLine($"tone {tones[i]} -> segment {start:F3}..{end:F3}");
            Assert.InRange(start, tones[i].Start - 0.25, tones[i].Start - 0.15);
            Assert.InRange(end, tones[i].End + 0.15, tones[i].End + 0.25);
        }
    }

    [Fact]
    public void Short_pauses_stay_inside_one_segment()
    {
        float[] audio = VadTestAudio.Silence(5);
        VadTestAudio.AddTone(audio, 1.0, 2.0);
        VadTestAudio.AddTone(audio, 2.6, 3.5);

        var bridged = new EnergyVoiceActivityDetector(new VadOptions { EnergyPaddingMs = 100, EnergyMinSilenceMs = 500 })
            .Detect(audio, CancellationToken.None);
        var separate = new EnergyVoiceActivityDetector(new VadOptions { EnergyPaddingMs = 100, EnergyMinSilenceMs = 200 })
            .Detect(audio, CancellationToken.None);

        Assert.Single(bridged);
        Assert.Equal(2, separate.Count);
    }

    [Fact]
    public void Quiet_word_onsets_are_kept()
    {
        float[] audio = VadTestAudio.Silence(4);
        // A 150 ms linear fade-in: its first part is below any sensible threshold but must still be in the segment.
        VadTestAudio.AddTone(audio, 1.0, 2.5);
        for (int i = Rate; i < Rate + Rate * 15 / 100; i++)
        {
            audio[i] *= (i - Rate) / (Rate * 0.15f);
        }

        var segment = Assert.Single(new EnergyVoiceActivityDetector(new VadOptions()).Detect(audio, CancellationToken.None));

        Assert.True(segment.StartSample <= Rate, $"segment starts at {segment.StartSample}, after the onset at {Rate}");
        Assert.True(segment.EndSample >= Rate * 5 / 2, $"segment ends at {segment.EndSample}, before the tone ends");
    }

    [Fact]
    public void Long_speech_is_split_at_its_quietest_points_into_contiguous_pieces_of_at_most_30_s()
    {
        float[] audio = new float[75 * Rate];
        VadTestAudio.AddTone(audio, 0, 75);
        foreach (double dip in new[] { 22.0, 50.0 })
        {
            for (int i = (int)(dip * Rate); i < (int)((dip + 0.2) * Rate); i++)
            {
                audio[i] *= 0.05f;
            }
        }

        var segments = new EnergyVoiceActivityDetector(new VadOptions()).Detect(audio, CancellationToken.None);

        output.WriteLine(string.Join(", ", segments.Select(s => $"{s.StartSample / (double)Rate:F2}..{s.EndSample / (double)Rate:F2}")));
        Assert.Equal(3, segments.Count);
        Assert.Equal(0, segments[0].StartSample);
        Assert.Equal(audio.Length, segments[^1].EndSample);
        for (int i = 1; i < segments.Count; i++)
        {
            Assert.Equal(segments[i - 1].EndSample, segments[i].StartSample);
        }

        Assert.All(segments, s => Assert.True(s.Length <= 30 * Rate));
        Assert.InRange(segments[0].EndSample / (double)Rate, 22.0, 22.2);
        Assert.InRange(segments[1].EndSample / (double)Rate, 50.0, 50.2);
    }

    [Fact]
    public void Maximum_segment_length_is_configurable()
    {
        float[] audio = new float[12 * Rate];
        VadTestAudio.AddTone(audio, 0, 12);

        var segments = new EnergyVoiceActivityDetector(new VadOptions { MaxSegmentSeconds = 5 }).Detect(audio, CancellationToken.None);

        Assert.Equal(3, segments.Count);
        Assert.All(segments, s => Assert.True(s.Length <= 5 * Rate));
        Assert.Equal(audio.Length, segments.Sum(s => s.Length));
    }

    [Fact]
    public void Ten_minutes_of_words_and_pauses_come_back_complete()
    {
        const int words = 200;
        float[] audio = VadTestAudio.Silence(words * 3.0);
        for (int w = 0; w < words; w++)
        {
            VadTestAudio.AddTone(audio, w * 3.0 + 0.5, w * 3.0 + 2.5, 300 + 5 * w);
        }

        var stopwatch = Stopwatch.StartNew();
        var segments = new EnergyVoiceActivityDetector(new VadOptions()).Detect(audio, CancellationToken.None);
        output.WriteLine($"600 s segmented into {segments.Count} segments in {stopwatch.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(words, segments.Count);
        for (int w = 0; w < words; w++)
        {
            Assert.True(segments[w].StartSample <= (int)((w * 3.0 + 0.5) * Rate));
            Assert.True(segments[w].EndSample >= (int)((w * 3.0 + 2.5) * Rate));
            Assert.True(segments[w].Length <= 30 * Rate);
        }
    }

    [Fact]
    public void Silence_and_empty_input_give_no_segments()
    {
        var vad = new EnergyVoiceActivityDetector(new VadOptions());

        Assert.Empty(vad.Detect(VadTestAudio.Silence(3), CancellationToken.None));
        Assert.Empty(vad.Detect(new float[Rate], CancellationToken.None));
        Assert.Empty(vad.Detect([], CancellationToken.None));
    }

    [Fact]
    public void Uniformly_loud_audio_is_one_segment()
    {
        float[] audio = new float[Rate * 3];
        VadTestAudio.AddTone(audio, 0, 3);

        var segment = Assert.Single(new EnergyVoiceActivityDetector(new VadOptions()).Detect(audio, CancellationToken.None));

        Assert.Equal(new SpeechSpan(0, audio.Length), segment);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        float[] audio = VadTestAudio.Silence(60);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => new EnergyVoiceActivityDetector(new VadOptions()).Detect(audio, cts.Token));
    }
}
