using FunAsr.Text.Analysis;
using FunAsr.Text.Normalization;
using FunAsr.Text.Segmentation;

namespace FunAsr.Tests.Text;

public sealed class TextAnalysisTests
{
    [Theory]
    [InlineData("婚假是三十天", "婚假是30天")]
    [InlineData("二十个点的折扣", "20%的折扣")]
    [InlineData("百分之十五", "15%")]
    [InlineData("两个月的试用期", "2个月的试用期")]
    [InlineData("一万二千元", "12000元")]
    [InlineData("3万元", "30000元")]
    [InlineData("第一周", "第1周")]
    [InlineData("二〇二四年", "2024年")]
    [InlineData("三成的客户", "30%的客户")]
    // Words that only contain a numeral character, and ranges, stay as they are.
    [InlineData("一起去，十分重要，千万不要，三五天，一点点", "一起去，十分重要，千万不要，三五天，一点点")]
    [InlineData("十分钟", "10分钟")]
    [InlineData("一刻钟，三刻钟", "15分钟，45分钟")]
    public void Chinese_numerals_become_digits_where_they_count_something(string text, string expected) =>
        Assert.Equal(expected, ChineseNumerals.Normalize(text));

    [Theory]
    [InlineData("You get thirty days", "You get 30 days")]
    [InlineData("twenty-five percent of claims", "25% of claims")]
    [InlineData("20 per cent", "20%")]
    [InlineData("within a week", "within 1 week")]
    [InlineData("30 days a year", "30 days a year")]
    [InlineData("no one knows", "no one knows")]
    [InlineData("the first time, three?", "the first time, 3?")]
    [InlineData("a two-week trial", "a 2-week trial")]
    [InlineData("a quarter of an hour, three quarters of an hour", "15 minutes, 45 minutes")]
    [InlineData("updated every fortnight, within a fortnight", "updated every 2 weeks, within 2 weeks")]
    [InlineData("submitted by the twelfth at the latest", "submitted by the 12th at the latest")]
    [InlineData("the sixteenth of May, December the twenty-first", "the 16th of May, December the 21st")]
    public void English_number_words_become_digits_where_they_count_something(string text, string expected) =>
        Assert.Equal(expected, EnglishNumbers.Normalize(text));

    [Fact]
    public void Full_width_forms_and_traditional_characters_are_folded()
    {
        Assert.Equal("OA系统 100%", TextNormalizer.Normalize("ＯＡ系統　１００％"));
        Assert.Equal("会议室预订请提前2个月", TextNormalizer.Normalize("會議室預訂請提前兩個月"));
        // Japanese kanji are not Chinese to convert.
        Assert.Contains("社員", TextNormalizer.Normalize("新入社員は"));
    }

    [Fact]
    public void Chinese_is_segmented_into_words_and_latin_words_stay_whole()
    {
        var words = WordSegmenter.Split("在OA系统里提交婚假申请").Select(w => w.Text).ToList();
        Assert.Contains("OA", words);
        Assert.Contains("系统", words);
        Assert.Contains("婚假", words);
        Assert.Contains("申请", words);
        Assert.DoesNotContain("统里", words);
    }

    [Fact]
    public void Japanese_is_segmented_with_the_dictionary_word_breaker()
    {
        var words = WordSegmenter.Split("有給休暇は毎月提出してください").Select(w => w.Text).ToList();
        Assert.Contains("有給", words);
        Assert.Contains("休暇", words);
        Assert.Contains("毎月", words);
    }

    [Fact]
    public void Quantities_are_one_term_in_every_language_and_durations_convert()
    {
        Assert.Contains("q:30:day", TermAnalyzer.Terms("婚假是三十天"));
        Assert.Contains("q:30:day", TermAnalyzer.Terms("You get thirty days."));
        Assert.Contains("q:30:day", TermAnalyzer.Terms("30日間の休暇"));
        // 两个月 counts as 60 days, two weeks as 14.
        Assert.Contains("q:60:day", TermAnalyzer.Terms("两个月"));
        Assert.Contains("q:14:day", TermAnalyzer.Terms("two weeks"));
        Assert.Contains("q:20:percent", TermAnalyzer.Terms("二十个点"));
        Assert.Contains("q:20:percent", TermAnalyzer.Terms("20 percent"));
        // A number joined to its unit, a working week, a quarter of an hour.
        Assert.Contains("q:15:minute", TermAnalyzer.Terms("Is a 15-minute break long enough?"));
        Assert.Contains("q:15:minute", TermAnalyzer.Terms("at least a quarter of an hour"));
        Assert.Contains("q:5:workday", TermAnalyzer.Terms("Do I have one working week?"));
        Assert.Contains("q:14:day", TermAnalyzer.Terms("every fortnight"));
        // The unit never stands alone as a full-weight word next to its number (30天 is not "30" + 天).
        Assert.DoesNotContain("天", TermAnalyzer.Terms("三十天"));
    }

    [Fact]
    public void Dates_are_their_month_and_their_day_in_every_language()
    {
        string[] expected = ["m:12", "d:15"];
        Assert.Equal(expected, TermAnalyzer.Terms("12月15日"));
        Assert.Equal(expected, TermAnalyzer.Terms("十二月十五号"));
        Assert.Equal(expected, TermAnalyzer.Terms("December 15th"));
        Assert.Equal(expected, TermAnalyzer.Terms("15 December"));
        Assert.Equal(expected, TermAnalyzer.Terms("the fifteenth of December"));
        // The month said elsewhere: the day alone; a count of days stays a duration, an ordinal that counts stays a word.
        Assert.Contains("d:12", TermAnalyzer.Terms("It has to be submitted by the twelfth at the latest."));
        Assert.Contains("q:15:day", TermAnalyzer.Terms("15天内"));
        Assert.DoesNotContain(TermAnalyzer.Terms("the first time"), t => t.StartsWith("d:", StringComparison.Ordinal));
        Assert.DoesNotContain(TermAnalyzer.Terms("the team of 3 may decide"), t => t.StartsWith("d:", StringComparison.Ordinal));
    }

    [Fact]
    public void Question_words_are_removed_and_never_glue_neighbours()
    {
        var terms = TermAnalyzer.QuestionGroups("每月忘记打卡超过几次会被通报？").Select(g => g.Term).ToList();
        Assert.DoesNotContain(terms, t => t.Contains('几'));
        Assert.DoesNotContain("月忘", terms);
        Assert.Contains("忘记", terms);
        var english = TermAnalyzer.QuestionGroups("How long is parental leave?").Select(g => g.Term).ToList();
        Assert.DoesNotContain("long", english);
        Assert.Equal(["parent", "leav"], english);
        Assert.DoesNotContain(TermAnalyzer.QuestionGroups("How quickly is it approved?"), g => g.Term == "quick");
    }

    [Fact]
    public void Synonyms_and_sounds_are_alternatives_of_a_chinese_word()
    {
        var group = TermAnalyzer.QuestionGroups("邮费").Single();
        Assert.Contains(group.Alternatives, a => a.Term == "邮资" && a.Weight < 1);
        Assert.Equal(Pinyin.TermOf("报销"), Pinyin.TermOf("包销"));
        Assert.Null(Pinyin.TermOf("报"));
    }

    [Fact]
    public void English_words_are_stemmed_and_stop_words_dropped()
    {
        Assert.Equal(["employe", "submit", "expens", "claim"], TermAnalyzer.Terms("The employees submitted their expense claims"));
        // "unlabelled" is about labels.
        Assert.Contains("label", TermAnalyzer.Terms("Unlabelled bottles"));
    }
}
