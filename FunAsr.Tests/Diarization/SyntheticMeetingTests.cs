using FunAsr.AsrService.Diarization;
using Xunit.Abstractions;

namespace FunAsr.Tests.Diarization;

/// <summary>
/// Held-out synthetic meetings (sentences and seeds the doubles were not tuned on) through the whole pipeline with the
/// known-answer doubles, scored as pyannote.metrics does. The doubles are built to tell these voices apart, so the
/// figures here check the pipeline, not any real model: DER near 0, no confusion, the right speaker count.
/// </summary>
public sealed class SyntheticMeetingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3, 14, 11, "3d-speaker")]
    [InlineData(3, 14, 12, "wespeaker")]
    [InlineData(3, 14, 13, "nemo")]
    [InlineData(2, 10, 15, "3d-speaker")]
    public void A_held_out_meeting_is_diarized_with_almost_no_error(int speakers, int turns, int seed, string framework)
    {
        var (result, score, forgiving) = Diarize(SyntheticMeeting.RoundTable(speakers, turns, seed), framework);

        Assert.Equal(speakers, result.Speakers.Count);
        Assert.Equal(speakers, score.Mapping.Count);
        Assert.True(score.Confusion <= 0.01 * score.Total, $"confusion {score.Confusion:F2} s of {score.Total:F2} s");
        Assert.True(score.Rate <= 0.05, $"DER {score.Rate:P2}");
        Assert.True(forgiving.Rate <= 0.01, $"DER with a 0.5 s collar {forgiving.Rate:P2}");
    }

    [Fact]
    public void Four_people_are_found_though_a_window_holds_at_most_three()
    {
        // A 10 s window has three local speakers; where four talk inside one, the one the window drops lowers the
        // speaker count of those frames, and short stretches are missed (pyannote segmentation-3.0 has the same limit).
        var (result, score, forgiving) = Diarize(SyntheticMeeting.RoundTable(4, 18, 14), "3d-speaker");

        Assert.Equal(4, result.Speakers.Count);
        Assert.True(score.Confusion <= 0.01 * score.Total, $"confusion {score.Confusion:F2} s of {score.Total:F2} s");
        Assert.True(score.Rate <= 0.10, $"DER {score.Rate:P2}");
        Assert.True(score.Miss > score.FalseAlarm, "the error is speech the dropped speaker loses");
        Assert.True(forgiving.Rate <= 0.08, $"DER with a 0.5 s collar {forgiving.Rate:P2}");
    }

    private (DiarizationResult Result, DiarizationScore Score, DiarizationScore Forgiving) Diarize(SyntheticMeeting meeting, string framework)
    {
        using var diarizer = DiarizationFixtures.Diarizer(framework);
        var result = diarizer.Diarize(meeting.Samples);
        var score = Score(meeting, result, collar: 0);
        var forgiving = Score(meeting, result, collar: 0.5);
        output.WriteLine($"{meeting.Reference.Select(r => r.Label).Distinct().Count()} speakers, {meeting.Duration:F1} s, {framework}: " +
            $"found {result.Speakers.Count}; DER {score.Rate:P2} (miss {score.Miss:F2} s, false alarm {score.FalseAlarm:F2} s, " +
            $"confusion {score.Confusion:F2} s of {score.Total:F1} s); collar 0.5: {forgiving.Rate:P2}");
        return (result, score, forgiving);
    }

    [Fact]
    public void A_given_speaker_count_is_honoured_and_bounds_only_apply_when_crossed()
    {
        var meeting = SyntheticMeeting.RoundTable(3, 12, 21);
        using var diarizer = DiarizationFixtures.Diarizer();

        Assert.Equal(2, diarizer.Diarize(meeting.Samples, new DiarizationRequest(NumSpeakers: 2)).Speakers.Count);
        Assert.Equal(3, diarizer.Diarize(meeting.Samples, new DiarizationRequest(MinSpeakers: 2, MaxSpeakers: 5)).Speakers.Count);
        Assert.Equal(2, diarizer.Diarize(meeting.Samples, new DiarizationRequest(MaxSpeakers: 2)).Speakers.Count);
        // Four are asked for, three voices exist: the fourth cluster splits one voice, so DER rises but nobody is lost.
        var forced = diarizer.Diarize(meeting.Samples, new DiarizationRequest(MinSpeakers: 4));
        Assert.InRange(forced.Speakers.Count, 3, 4);
        Assert.Equal(0, Score(meeting, forced, 0).Miss, 1);
    }

    [Fact]
    public void Speakers_are_lettered_by_first_appearance_and_carry_their_voice()
    {
        var meeting = SyntheticMeeting.Build([new(2, SyntheticMeeting.HeldOutSentences[3]), new(0, SyntheticMeeting.HeldOutSentences[4]),
            new(2, SyntheticMeeting.HeldOutSentences[5]), new(1, SyntheticMeeting.HeldOutSentences[6]), new(0, SyntheticMeeting.HeldOutSentences[7])], seed: 5);
        using var diarizer = DiarizationFixtures.Diarizer();

        var result = diarizer.Diarize(meeting.Samples);

        Assert.Equal([0, 1, 0, 2, 1], result.Turns.Select(t => t.Speaker));
        Assert.Equal(result.Turns.Select(t => t.Start).Order(), result.Turns.Select(t => t.Start));
        // Each speaker's centroid is closest to the embedding of a fresh clip of the same voice.
        for (int voice = 0; voice < 3; voice++)
        {
            float[] probe = diarizer.EmbedVoice(SyntheticMeeting.Utterance(voice, SyntheticMeeting.HeldOutSentences[10]))!;
            int expected = voice switch { 2 => 0, 0 => 1, _ => 2 };
            int nearest = result.Speakers.MaxBy(s => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(s.Embedding, probe))!.Index;
            Assert.Equal(expected, nearest);
        }

        Assert.All(result.Speakers, s => Assert.Equal(1, System.Numerics.Tensors.TensorPrimitives.Norm(s.Embedding), 4));
        Assert.Equal(result.Turns.Where(t => t.Speaker == 0).Sum(t => t.Duration), result.Speakers[0].SpeechSeconds, 9);
    }

    [Fact]
    public void Short_silent_and_single_window_audio_give_sensible_answers()
    {
        using var diarizer = DiarizationFixtures.Diarizer();

        Assert.Empty(diarizer.Diarize([]).Turns);
        Assert.Empty(diarizer.Diarize(new float[16000 * 12]).Speakers);
        Assert.Empty(diarizer.Diarize(new float[100]).Turns);

        // Two voices inside one 10 s window: no clustering, the window's local speakers are the answer.
        var meeting = SyntheticMeeting.Build([new(0, SyntheticMeeting.HeldOutSentences[8]), new(3, SyntheticMeeting.HeldOutSentences[9])], seed: 6);
        Assert.True(meeting.Duration < 10);
        var result = diarizer.Diarize(meeting.Samples);
        Assert.Equal(2, result.Speakers.Count);
        Assert.True(Score(meeting, result, 0).Rate <= 0.05);
        Assert.Single(diarizer.Diarize(meeting.Samples, new DiarizationRequest(NumSpeakers: 1)).Speakers);
    }

    [Theory]
    [InlineData(0, null, null, "num_speakers")]
    [InlineData(null, 0, null, "min_speakers")]
    [InlineData(null, null, 33, "max_speakers")]
    [InlineData(2, 1, null, "num_speakers")]
    [InlineData(null, 4, 3, "min_speakers")]
    public void Impossible_speaker_counts_are_refused_naming_the_parameter(int? num, int? min, int? max, string parameter)
    {
        using var diarizer = DiarizationFixtures.Diarizer();

        var error = Assert.Throws<DiarizationRequestException>(() => diarizer.Diarize(new float[16000], new DiarizationRequest(num, min, max)));

        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public void Cancellation_stops_a_long_recording()
    {
        using var diarizer = DiarizationFixtures.Diarizer();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => diarizer.Diarize(new float[16000 * 60], cancellationToken: cancelled.Token));
    }

    private static DiarizationScore Score(SyntheticMeeting meeting, DiarizationResult result, double collar) =>
        DiarizationErrorRate.Compute(meeting.Reference, LabeledSegment.FromTurns(result.Turns), collar);
}
