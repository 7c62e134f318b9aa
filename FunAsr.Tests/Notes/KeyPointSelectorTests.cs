using FunAsr.QaBot.Notes;
using FunAsr.QaBot.Retrieval;
using FunAsr.Text.Analysis;

namespace FunAsr.Tests.Notes;

/// <summary>What a chapter's summary is made of: sentences that read alone.</summary>
public sealed class KeyPointSelectorTests
{
    [Fact]
    public void A_chapter_summary_does_not_open_with_a_sentence_that_leans_on_the_chapter_before()
    {
        string[] texts =
        [
            "Visitors sign in at the front desk and receive a paper badge for the day.",
            "The front desk keeps the visitor book for a year.",
            // The second chapter opens with a consequence of the first chapter's last sentence: its most central sentence.
            "So every visitor badge, paper badge or card badge, must be worn where the badge can be seen.",
            "Report lost badges.",
            "Badges change quarterly.",
        ];
        var sentences = texts.Select((t, i) => new TimedSentence(i, t, i * 5, i * 5 + 4, false) { Terms = TermAnalyzer.Terms(t) }).ToList();
        var selector = new KeyPointSelector(sentences, [], cjk: false);
        Assert.True(selector.Score(2) > selector.Score(3) && selector.Score(2) > selector.Score(4), "the leaning sentence should be the chapter's best");

        var summary = selector.Summarise(2, 5, 1);

        Assert.DoesNotContain("So every visitor", summary.Text);
        Assert.NotEmpty(summary.Text);
    }
}
