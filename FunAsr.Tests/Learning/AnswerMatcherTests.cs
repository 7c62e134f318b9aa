using FunAsr.Learning.Grading;

namespace FunAsr.Tests.Learning;

public sealed class AnswerMatcherTests
{
    private readonly AnswerMatcher _matcher = new();

    [Theory]
    [InlineData("hard hat", "Hard hats")]
    [InlineData("hard hat", "a hard hat")]
    [InlineData("hard hat", "you need the hard hat")]
    [InlineData("lockout tagout", "lockout tagout")]
    [InlineData("lockout tagout", "lokout tagout")]
    [InlineData("segregation of duties", "segregation of duty")]
    [InlineData("六步洗手法", "六步洗手法")]
    [InlineData("六步洗手法", "是六步洗手法")]
    [InlineData("weather", "the weather")]
    public void Accepts_the_answer_in_other_words_forms_and_small_misspellings(string accepted, string response) =>
        Assert.True(_matcher.Match(response, [accepted]).Correct, $"'{response}' should match '{accepted}'");

    [Theory]
    [InlineData("twenty days", "20 days")]
    [InlineData("20 days", "twenty days")]
    [InlineData("30天", "三十天")]
    [InlineData("two weeks", "14 days")]
    [InlineData("5", "five")]
    public void Numbers_match_in_any_form(string accepted, string response) =>
        Assert.True(_matcher.Match(response, [accepted]).Correct, $"'{response}' should match '{accepted}'");

    [Theory]
    [InlineData("twenty days", "21 days")]
    [InlineData("hard hat", "safety boots")]
    [InlineData("fan", "fun")]
    [InlineData("lockout tagout", "lockout")]
    [InlineData("hard hat", "")]
    [InlineData("hard hat", "always wear a hard hat and safety boots and a reflective vest in the loading bay when forklifts move")]
    public void Refuses_wrong_numbers_other_terms_half_answers_and_whole_paragraphs(string accepted, string response) =>
        Assert.False(_matcher.Match(response, [accepted]).Correct, $"'{response}' should not match '{accepted}'");

    [Fact]
    public void Any_accepted_alternative_counts_and_the_best_one_is_named()
    {
        var result = _matcher.Match("RPO", ["recovery point objective", "RPO"]);
        Assert.True(result.Correct);
        Assert.Equal("RPO", result.Matched);
        Assert.Equal(1.0, result.Similarity, 6);
    }

    [Fact]
    public void A_chinese_homophone_from_speech_still_counts()
    {
        // 汇报 heard as 会报: the same sound, written with another character.
        Assert.True(_matcher.Match("及时会报", ["及时汇报"]).Correct);
    }
}
