using FunAsr.AsrService.Diarization;

namespace FunAsr.Tests.Diarization;

public sealed class SpeakerAssignmentTests
{
    private static readonly SpeakerTurn[] Turns =
        [new(0.5, 3.0, 0), new(3.2, 6.0, 1), new(5.5, 7.0, 0), new(9.0, 10.0, 2)];

    [Fact]
    public void Each_word_takes_the_speaker_it_overlaps_most()
    {
        TimedSpan[] words = [new(0.6, 0.9), new(2.9, 3.4), new(5.4, 6.2), new(5.0, 5.9), new(9.5, 9.5)];

        Assert.Equal([0, 1, 0, 1, 2], SpeakerAssignment.Assign(words, Turns));
    }

    [Fact]
    public void A_word_between_turns_takes_the_nearest_within_the_gap_limit_else_none()
    {
        TimedSpan[] words = [new(7.3, 7.6), new(8.2, 8.8), new(0.0, 0.2), new(12.5, 13.0), new(7.9, 8.1)];

        Assert.Equal([0, 2, 0, null, 0], SpeakerAssignment.Assign(words, Turns, maxGapSeconds: 1.0));
        Assert.Equal([null, null, null, null, null], SpeakerAssignment.Assign(words, Turns, maxGapSeconds: 0.1));
        Assert.All(SpeakerAssignment.Assign(words, []), s => Assert.Null(s));
    }

    [Fact]
    public void Matches_a_brute_force_overlap_count_on_random_turns()
    {
        var random = new Random(9);
        var turns = Enumerable.Range(0, 200).Select(i => { double s = random.NextDouble() * 600; return new SpeakerTurn(s, s + 0.2 + random.NextDouble() * 8, random.Next(5)); }).ToArray();
        var words = Enumerable.Range(0, 2000).Select(_ => { double s = random.NextDouble() * 610; return new TimedSpan(s, s + random.NextDouble() * 3); }).ToArray();

        int?[] fast = SpeakerAssignment.Assign(words, turns, maxGapSeconds: 0);

        for (int w = 0; w < words.Length; w++)
        {
            var totals = turns.GroupBy(t => t.Speaker)
                .Select(g => (Speaker: g.Key, Shared: g.Sum(t => Math.Max(0, Math.Min(t.End, words[w].End) - Math.Max(t.Start, words[w].Start)))))
                .Where(x => x.Shared > 0).OrderByDescending(x => x.Shared).ThenBy(x => x.Speaker).ToList();
            Assert.Equal(totals.Count > 0 ? totals[0].Speaker : null, fast[w]);
        }
    }
}
