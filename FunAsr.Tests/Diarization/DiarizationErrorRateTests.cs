using FunAsr.AsrService.Diarization;

namespace FunAsr.Tests.Diarization;

public sealed class DiarizationErrorRateTests
{
    private static readonly LabeledSegment[] Reference =
        [new(0, 10, "A"), new(12, 20, "B"), new(24, 27, "A"), new(30, 40, "C")];

    private static readonly LabeledSegment[] Hypothesis =
        [new(2, 13, "a"), new(13, 14, "d"), new(14, 20, "b"), new(22, 38, "c"), new(38, 40, "d")];

    [Fact]
    public void Matches_the_values_in_pyannote_metrics_own_tests()
    {
        // pyannote-metrics tests/test_diarization.py: the same reference and hypothesis.
        var score = DiarizationErrorRate.Compute(Reference, Hypothesis);

        Assert.Equal(0.5161290322580645, score.Rate, 12);
        Assert.Equal((31.0, 22.0, 7.0, 2.0, 7.0), (score.Total, score.Correct, score.Confusion, score.Miss, score.FalseAlarm));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "A", ["b"] = "B", ["c"] = "C" }, score.Mapping);
    }

    [Fact]
    public void Overlap_is_counted_per_speaker_unless_skipped_and_collars_are_total_widths()
    {
        LabeledSegment[] overlapping = [new(0, 13, "A"), new(12, 20, "B"), new(24, 27, "A"), new(30, 40, "C")];

        Assert.Equal(34, DiarizationErrorRate.Compute(overlapping, Hypothesis).Total, 9);
        Assert.Equal(32, DiarizationErrorRate.Compute(overlapping, Hypothesis, skipOverlap: true).Total, 9);
        // pyannote bug 16: a 1 s collar takes 0.5 s off each end of a 10 s reference turn; the empty hypothesis misses the rest.
        Assert.Equal(9, DiarizationErrorRate.Compute([new(0, 10, "A")], [], collar: 1).Total, 9);
        Assert.Equal(10, DiarizationErrorRate.Compute([new(0, 10, "A")], []).Miss, 9);
    }

    [Fact]
    public void A_perfect_hypothesis_under_other_names_scores_zero()
    {
        var hypothesis = Reference.Select(s => s with { Label = "spk" + s.Label }).ToList();

        var score = DiarizationErrorRate.Compute(Reference, hypothesis);

        Assert.Equal(0, score.Rate);
        Assert.Equal(31, score.Correct, 9);
    }

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        var fixture = DiarizationFixtures.Json("der.json");
        for (int c = 0; c < fixture.GetArrayLength(); c++)
        {
            for (int r = 0; r < fixture[c].GetProperty("results").GetArrayLength(); r++)
            {
                data.Add(c, r);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Components_match_the_python_port_of_pyannote_metrics(int caseIndex, int resultIndex)
    {
        var c = DiarizationFixtures.Json("der.json")[caseIndex];
        var expected = c.GetProperty("results")[resultIndex];

        var score = DiarizationErrorRate.Compute(DiarizationFixtures.Segments(c.GetProperty("reference")),
            DiarizationFixtures.Segments(c.GetProperty("hypothesis")), expected.GetProperty("collar").GetDouble(),
            expected.GetProperty("skip_overlap").GetBoolean());

        Assert.Equal(expected.GetProperty("total").GetDouble(), score.Total, 6);
        Assert.Equal(expected.GetProperty("correct").GetDouble(), score.Correct, 6);
        Assert.Equal(expected.GetProperty("confusion").GetDouble(), score.Confusion, 6);
        Assert.Equal(expected.GetProperty("miss").GetDouble(), score.Miss, 6);
        Assert.Equal(expected.GetProperty("false_alarm").GetDouble(), score.FalseAlarm, 6);
        Assert.Equal(expected.GetProperty("rate").GetDouble(), score.Rate, 6);
    }

    [Fact]
    public void Rttm_round_trips_and_rejects_malformed_lines()
    {
        string text = Rttm.Write("meeting one", LabeledSegment.FromTurns([new SpeakerTurn(0.5, 2.25, 0), new SpeakerTurn(3, 4.5, 1)]));

        Assert.Equal("SPEAKER meetingone 1 0.500 1.750 <NA> <NA> A <NA> <NA>\nSPEAKER meetingone 1 3.000 1.500 <NA> <NA> B <NA> <NA>\n", text);
        Assert.Equal([new(0.5, 2.25, "A"), new(3, 4.5, "B")], Rttm.Parse(text));
        Assert.Throws<FormatException>(() => Rttm.Parse("SPEAKER x 1 zero 1.0 <NA> <NA> A"));
        Assert.Empty(Rttm.Parse(";; comment\nSPKR-INFO x 1 <NA> <NA> <NA> unknown A <NA>\n"));
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Unnamed_speakers_are_lettered_like_spreadsheet_columns(int index, string label) =>
        Assert.Equal(label, SpeakerLabels.Letter(index));
}
