using FunAsr.Text.Subtitles;
using static FunAsr.Tests.Text.CueCutterTests;

namespace FunAsr.Tests.Text;

public sealed class SubtitleLayoutTests
{
    private static readonly SubtitleRules Rules = new();

    [Fact]
    public void Short_cues_stay_up_a_second_and_long_enough_to_read_but_never_into_the_next_cue()
    {
        var texts = new[]
        {
            Said("Hi.", start: 0),
            Said("This sentence has quite a few words in it.", seconds: 0.1, gap: 0.02, start: 3),
            Said("Here we go again with a sentence.", seconds: 0.1, gap: 0.02, start: 6),
            Said("Next.", start: 7.5),
        };

        var cues = SubtitleLayout.Cues(texts, Rules);

        Assert.Equal(4, cues.Count);
        Assert.Equal((0, 1), (cues[0].Start, cues[0].End));
        Assert.Equal(3 + 42 / 17.0, cues[1].End, 2);
        Assert.Equal((6, 7.5), (cues[2].Start, cues[2].End));
        Assert.Equal((7.5, 8.5), (cues[3].Start, cues[3].End));
    }

    [Fact]
    public void A_cue_too_short_to_read_on_its_own_joins_its_neighbour()
    {
        var texts = new[] { Said("Yes.", start: 0), Said("We start now.", start: 0.4) };

        var cue = Assert.Single(SubtitleLayout.Cues(texts, Rules));

        Assert.Equal("Yes. We start now.", cue.Text);
    }

    [Fact]
    public void No_cue_lasts_longer_than_the_maximum()
    {
        var cue = Assert.Single(SubtitleLayout.Cues([new TimedText(0, 20, "Hmm.", [new TimedWord("Hmm.", 0, 20)])], Rules));
        Assert.Equal(7, cue.End - cue.Start, 3);
    }

    [Fact]
    public void Lines_are_balanced_and_within_the_width()
    {
        var text = Said("The service transcribes it and cuts it into short sentences for you.", seconds: 0.2);

        var cue = Assert.Single(SubtitleLayout.Cues([text], Rules));

        Assert.Equal(2, cue.Lines.Count);
        Assert.All(cue.Lines, l => Assert.True(l.Length <= 42, l));
        Assert.True(Math.Abs(cue.Lines[0].Length - cue.Lines[1].Length) <= 12, cue.Text);
    }

    [Fact]
    public void Cues_end_with_the_media()
    {
        var cue = Assert.Single(SubtitleLayout.Cues([Said("Bye.", start: 9.8)], Rules, mediaDuration: 10.2));
        Assert.Equal(10.2, cue.End);
        Assert.Equal(9.2, cue.Start, 3);
    }

    [Fact]
    public void Speech_too_fast_for_the_minimum_falls_behind_and_catches_up_at_the_next_pause()
    {
        var texts = new[]
        {
            new TimedText(0, 0.3, "Go.", [new TimedWord("Go.", 0, 0.3)]),
            Said(string.Join(' ', Enumerable.Repeat("fast", 16)), seconds: 0.05, gap: 0.01, start: 0.3),
            Said("Later.", start: 5),
        };

        var cues = SubtitleLayout.Cues(texts, Rules);

        Assert.All(cues, c => Assert.InRange(c.End - c.Start, Rules.MinCueSeconds, Rules.MaxCueSeconds));
        Assert.All(cues.Zip(cues.Skip(1)), pair => Assert.True(pair.Second.Start >= pair.First.End));
        Assert.Equal(5, cues[^1].Start);
    }
}
