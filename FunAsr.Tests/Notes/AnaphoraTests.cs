using FunAsr.Text.Concepts;

namespace FunAsr.Tests.Notes;

/// <summary>Which sentences lean on the one before them, so that a key point made of one brings it along.</summary>
public sealed class AnaphoraTests
{
    [Theory]
    [InlineData("It only changes when the sponsor signs.")]
    [InlineData("And this is where most teams slip.")]
    [InlineData("So for visitors, the badge has to stay visible all day.")]
    [InlineData("Therefore the second review is done by someone else.")]
    [InlineData("That's why we keep two copies offsite.")]
    [InlineData("这样做可以少走很多弯路。")]
    [InlineData("所以每一份报价单都要先经过财务复核。")]
    [InlineData("因此周五下午不安排上线。")]
    [InlineData("没有这个步骤，后面的检查都白做。")]
    [InlineData("根据这条规定，超过五万元要总监签字。")]
    public void A_sentence_that_points_back_or_draws_a_consequence_leans_on_the_one_before(string sentence) =>
        Assert.True(Anaphora.StartsWithAnaphor(sentence));

    [Theory]
    [InlineData("So far we have covered three topics.")]
    [InlineData("So many requests arrive on Mondays that we staff up.")]
    [InlineData("Sodium levels are checked every morning.")]
    [InlineData("The badge has to stay visible all day.")]
    [InlineData("所有的报价单都要先经过财务复核。")]
    [InlineData("那么我们开始今天的内容。")]
    [InlineData("没有人会反对安全第一。")]
    [InlineData("根据公司规定，报销要在月底前提交。")]
    public void A_sentence_that_says_what_it_is_about_stands_alone(string sentence) =>
        Assert.False(Anaphora.StartsWithAnaphor(sentence));
}
