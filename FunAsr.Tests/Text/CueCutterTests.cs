using FunAsr.Text.Subtitles;

namespace FunAsr.Tests.Text;

public sealed class CueCutterTests
{
    private static readonly SubtitleRules Rules = new();

    /// <summary>Words said one after another, each <paramref name="seconds"/> long with <paramref name="gap"/> between them.</summary>
    internal static TimedText Said(string text, double seconds = 0.3, double gap = 0.05, double start = 0, char separator = ' ')
    {
        var words = new List<TimedWord>();
        var clock = start;
        foreach (var word in separator == ' ' ? text.Split(' ') : text.Select(c => c.ToString()))
        {
            words.Add(new TimedWord(word, Math.Round(clock, 3), Math.Round(clock + seconds, 3)));
            clock += seconds + gap;
        }
        return new TimedText(start, words[^1].End, text, words);
    }

    [Fact]
    public void Sentences_become_pieces_with_their_own_words_and_the_outer_times_of_the_text()
    {
        var text = Said("Welcome to the lecture. Today we learn how it works.") with { Start = 0, End = 5 };

        var pieces = CueCutter.Cut(text, Rules);

        Assert.Equal(["Welcome to the lecture.", "Today we learn how it works."], pieces.Select(p => p.Text));
        Assert.Equal(0, pieces[0].Start);
        Assert.Equal(5, pieces[1].End);
        Assert.Equal(text.Words[3].End, pieces[0].End);
        Assert.Equal(text.Words[4].Start, pieces[1].Start);
        Assert.Equal(["Welcome", "to", "the", "lecture."], pieces[0].Words.Select(w => w.Text));
        Assert.Equal(text.Words.Count, pieces.Sum(p => p.Words.Count));
    }

    [Fact]
    public void Abbreviations_and_decimals_do_not_end_sentences()
    {
        var pieces = CueCutter.Cut(Said("Mr. Smith paid 3.5 dollars, e.g. today."), Rules);
        Assert.Single(pieces);
    }

    [Fact]
    public void A_long_pause_always_ends_a_piece()
    {
        var words = new[] { new TimedWord("hello", 0, 0.4), new TimedWord("again", 1.6, 2.0) };
        var pieces = CueCutter.Cut(new TimedText(0, 2, "hello again", words), Rules);
        Assert.Equal(["hello", "again"], pieces.Select(p => p.Text));
    }

    [Fact]
    public void Cjk_punctuation_that_is_its_own_token_stays_with_the_sentence_it_ends()
    {
        var words = new[]
        {
            new TimedWord("今天", 0.3, 0.5), new TimedWord("天气", 0.6, 0.8), new TimedWord("很好", 0.9, 1.1), new TimedWord("。", 1.2, 1.3),
            new TimedWord("我们", 1.5, 1.7), new TimedWord("一起", 1.8, 2.0), new TimedWord("学习", 2.1, 2.3),
        };
        var pieces = CueCutter.Cut(new TimedText(0, 2.5, "今天天气很好。我们一起学习", words), Rules);

        Assert.Equal(["今天天气很好。", "我们一起学习"], pieces.Select(p => p.Text));
        Assert.Equal(4, pieces[0].Words.Count);
        Assert.Equal(1.3, pieces[0].End);
    }

    [Fact]
    public void A_sentence_too_long_for_one_cue_is_cut_into_pieces_that_each_fit()
    {
        var text = Said(string.Join(' ', Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? "platform" : "word")) + ".");

        var pieces = CueCutter.Cut(text, Rules);

        Assert.True(pieces.Count >= 3, $"{pieces.Count} pieces");
        Assert.All(pieces, p =>
        {
            Assert.True(p.End - p.Start <= Rules.MaxCueSeconds + 1e-9, $"{p.Start}-{p.End}");
            Assert.True(Rules.Width(p.Text) <= 2 * Rules.MaxLineLength + 1, p.Text);
        });
        Assert.Equal(text.Text, string.Join(' ', pieces.Select(p => p.Text)));
    }

    [Fact]
    public void A_long_sentence_is_cut_after_its_comma_rather_than_in_the_middle_of_a_clause()
    {
        var text = Said("The service transcribes every recording you upload, and then cuts the text into sentences people can read.");

        var pieces = CueCutter.Cut(text, Rules);

        Assert.Equal(2, pieces.Count);
        Assert.EndsWith("upload,", pieces[0].Text);
    }

    [Fact]
    public void Chinese_is_cut_to_two_lines_of_sixteen_characters()
    {
        var sentence = "首先上传一段课程录音服务会把它转写成文字并切分成句子然后您可以就课程内容提问回答会标出原话出现的位置。";
        var pieces = CueCutter.Cut(Said(sentence, seconds: 0.2, gap: 0.02, separator: '\0'), Rules);

        Assert.True(pieces.Count >= 2);
        Assert.All(pieces, p => Assert.True(p.Text.Length <= 32, p.Text));
        Assert.Equal(sentence, string.Concat(pieces.Select(p => p.Text)));
    }

    [Fact]
    public void Text_without_word_times_is_cut_at_its_sentences_with_times_spread_by_length()
    {
        var pieces = CueCutter.Cut(TimedText.Untimed(10, 16, "First sentence here. And a second, longer sentence follows it."), Rules);

        Assert.Equal(2, pieces.Count);
        Assert.Equal(10, pieces[0].Start);
        Assert.Equal(16, pieces[1].End);
        Assert.InRange(pieces[0].End, 11, 13);
        Assert.All(pieces, p => Assert.Empty(p.Words));
    }

    [Fact]
    public void Words_that_no_longer_spell_an_edited_text_keep_it_whole()
    {
        var edited = new TimedText(0, 3, "An edited line. With two sentences.", [new TimedWord("original", 0, 1)]);
        Assert.Same(edited, Assert.Single(CueCutter.Cut(edited, Rules)));
    }

    [Fact]
    public void A_sentence_too_short_to_read_joins_the_next_one()
    {
        var text = Said("Yes. We begin the lecture now.", seconds: 0.2, gap: 0.05);

        var piece = Assert.Single(CueCutter.Cut(text, Rules));

        Assert.Equal("Yes. We begin the lecture now.", piece.Text);
    }
}
