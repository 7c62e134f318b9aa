using FunAsr.Learning.Lectures;
using FunAsr.Learning.Quizzes;

namespace FunAsr.Tests.Learning;

/// <summary>An item shows its sentence alone, so it is made from a sentence that reads alone when the lecture has one.</summary>
public sealed class QuizSentenceTests
{
    [Theory]
    [InlineData("en", "A purchase order is the buyer's written request to a supplier.", "So every purchase order needs a cost centre before it goes out.",
        "Finance checks each purchase order against the budget on Fridays.", "purchase order")]
    [InlineData("zh", "采购订单是买方向供应商发出的书面请求。", "所以每一份采购订单发出前都要填写成本中心。",
        "财务每周五按预算核对每一份采购订单。", "采购订单")]
    public void A_sentence_that_leans_on_the_one_before_is_used_only_when_none_reads_alone(
        string language, string opening, string leaning, string standing, string term)
    {
        TimedText[] sentences =
        [
            new(0, opening, 0, 4), new(1, leaning, 4, 8), new(2, standing, 8, 12),
        ];
        // The leaning sentence is offered as the concept's definition, the standing one as a later mention.
        var concept = new TeachingConcept(1, term, term, 1.0, [1, 2], DefinitionSentence: 1);

        var items = new QuizGenerator().Generate(new GenerationInput("lecture", language, sentences, [concept], [], Seed: 7), maxItems: 3);

        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.Equal(2, item.Sentence.Index));
    }
}
