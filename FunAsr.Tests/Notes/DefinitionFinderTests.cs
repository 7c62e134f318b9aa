using FunAsr.Text.Concepts;

namespace FunAsr.Tests.Notes;

/// <summary>A glossary definition reads alone: never a sentence that leans on the one before it without that sentence.</summary>
public sealed class DefinitionFinderTests
{
    private static List<ConceptSentence> Sentences(params string[] texts) =>
        texts.Select((t, i) => new ConceptSentence(i, t, i * 6.0, i * 6.0 + 5)).ToList();

    private static ConceptDefinition? Find(string term, bool cjk, List<ConceptSentence> sentences) =>
        DefinitionFinder.Find([(term, sentences.Where(s => s.Text.Contains(term, StringComparison.OrdinalIgnoreCase)).Select(s => s.Index).ToList())], sentences, cjk)[0];

    [Theory]
    [InlineData("pallet wrap", false,
        "Stacks leave the dock only when they are stable.",
        "So every stack gets pallet wrap before the forklift moves it out to the trailer in the yard.",
        "Pallet wrap comes in rolls of three hundred metres by the loading door.")]
    [InlineData("周转箱", true,
        "仓库每天早上八点开始收货。",
        "所以每一批货到了以后都要先放进周转箱，再由质检员逐件检查。",
        "周转箱统一放在收货区的左边，用完要当天清洗。")]
    public void An_explaining_sentence_that_reads_alone_beats_a_longer_earlier_one_that_leans(string term, bool cjk, params string[] texts)
    {
        var definition = Find(term, cjk, Sentences(texts));

        Assert.Equal(DefinitionKind.Explains, definition!.Kind);
        Assert.Equal(2, definition.Sentence);
        Assert.Equal(texts[2], definition.Text);
        Assert.Equal(12.0, definition.Start);
    }

    [Theory]
    [InlineData("cold room", false, DefinitionKind.Explains,
        "Fresh fish arrives on ice at six in the morning.",
        "Therefore the fish goes straight into the cold room before anyone signs the delivery note.")]
    [InlineData("seal check", false, DefinitionKind.Defines,
        "Every morning the team checks the rubber seals on the freezer doors.",
        "This is called a seal check.")]
    [InlineData("二次复核", true, DefinitionKind.Explains,
        "超过五万元的付款单由财务经理审批。",
        "这个环节之后还要做一次二次复核，由另一位会计核对金额和收款账号。")]
    public void A_definition_that_leans_is_shown_from_its_antecedent_and_plays_from_there(string term, bool cjk, DefinitionKind kind, params string[] texts)
    {
        var definition = Find(term, cjk, Sentences(texts));

        Assert.Equal(kind, definition!.Kind);
        Assert.Equal(1, definition.Sentence); // the sentence that teaches the term, for the quiz and the knowledge graph
        Assert.StartsWith(texts[0], definition.Text, StringComparison.Ordinal);
        Assert.EndsWith(texts[1], definition.Text, StringComparison.Ordinal);
        Assert.Equal(0.0, definition.Start);
        Assert.Equal(11.0, definition.End);
    }

    [Fact]
    public void A_sentence_that_would_need_more_than_two_sentences_before_it_is_no_definition()
    {
        var definition = Find("three-way match", false, Sentences(
            "The supplier sends the invoice by email on the day the goods ship.",
            "It goes to accounts payable in the same hour.",
            "They check it against the purchase order line by line.",
            "So the three-way match happens before anyone approves a payment to the supplier."));

        Assert.Null(definition);
    }
}
