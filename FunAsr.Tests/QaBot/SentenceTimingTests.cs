using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.Tests.QaBot;

public sealed class SentenceTimingTests
{
    [Fact]
    public void Sentences_take_their_times_from_the_words_that_say_them()
    {
        // Two sentences in one 10-second segment; the second starts at 6.1 s, well after its share of the characters.
        var words = new[]
        {
            W("Welcome", 0.0, 0.4), W("everyone", 0.5, 1.0), W("Gloves", 6.1, 6.5), W("are", 6.6, 6.7), W("required", 6.8, 7.4),
        };
        var sentences = SentenceSplitter.SplitTimed(new TranscriptSegment(0, 0, 10, "Welcome, everyone. Gloves are required.", words));
        Assert.Equal(2, sentences.Count);
        Assert.True(sentences.All(s => s.FromWords));
        Assert.Equal((0.0, 1.0), (sentences[0].Start, sentences[0].End));
        Assert.Equal((6.1, 7.4), (sentences[1].Start, sentences[1].End));
    }

    [Fact]
    public void Words_spelled_differently_by_inverse_text_normalisation_are_skipped_without_losing_the_alignment()
    {
        // The text says 30天 where the recogniser's words say 三十天; the sentence after still gets its own words' times.
        var text = "婚假是30天。请提前申请。";
        var words = "婚假是三十天".Select((c, i) => W(c.ToString(), i * 0.3, i * 0.3 + 0.25))
            .Concat("请提前申请".Select((c, i) => W(c.ToString(), 4 + i * 0.3, 4 + i * 0.3 + 0.25)))
            .ToArray();
        var sentences = SentenceSplitter.SplitTimed(new TranscriptSegment(0, 0, 6, text, words));
        Assert.Equal(0.0, sentences[0].Start);
        Assert.Equal(4.0, sentences[1].Start);
        Assert.Equal(5.45, sentences[1].End);
    }

    [Fact]
    public void Without_words_a_sentence_gets_its_share_of_the_segment()
    {
        var sentences = SentenceSplitter.SplitTimed(new TranscriptSegment(0, 10, 20, "一二三四五。六七八九十。"));
        Assert.False(sentences[0].FromWords);
        Assert.Equal(10, sentences[0].Start);
        Assert.Equal(15, sentences[1].Start);
    }

    private static TranscriptWord W(string word, double start, double end) => new(word, start, end);
}
