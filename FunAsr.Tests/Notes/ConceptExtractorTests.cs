using FunAsr.Text.Concepts;

namespace FunAsr.Tests.Notes;

public sealed class ConceptExtractorTests
{
    private static List<ConceptSentence> Sentences(params string[] texts) =>
        texts.Select((t, i) => new ConceptSentence(i, t, i * 6.0, i * 6.0 + 5)).ToList();

    [Fact]
    public void Chinese_terms_are_whole_words_and_names_are_mentions()
    {
        var set = new ConceptExtractor().Extract(Sentences(
            "大家上午好，我是人力资源部的王敏，今天给新员工做入职培训。",
            "新员工入职当天需要到人力资源部报到，并提交身份证复印件。",
            "所谓试用期，是指新员工入职后公司和员工相互考察的期间。",
            "试用期一般是三个月，试用期内提前三天书面通知即可离职。",
            "转正以后辞职需要提前三十天提交离职申请，由部门经理审批。",
            "离职申请经部门经理审批以后，人力资源部会安排离职面谈。",
            "离职面谈就是人力资源部和离职员工的一次谈话，了解离职的原因。",
            "有问题可以找人力资源部的王敏，或者找张经理。"), "zh");

        var terms = set.Concepts.Select(c => c.Label).ToList();
        Assert.Contains("试用期", terms);
        Assert.Contains("离职面谈", terms);
        // No piece of a word (力资源部, 门经理审, 入职当, 提前三) and no person.
        Assert.DoesNotContain(terms, t => t is "力资源部" or "门经理审" or "入职当" or "提前三" or "年后享");
        Assert.DoesNotContain(terms, t => t.Contains("王敏", StringComparison.Ordinal) || t.Contains("张经理", StringComparison.Ordinal));
        Assert.Contains(set.Names, n => n.Name == "王敏");
        var probation = set.Concepts.Single(c => c.Label == "试用期");
        Assert.Equal(DefinitionKind.Defines, probation.Definition!.Kind);
        Assert.Equal(2, probation.Definition.Sentence);
        Assert.Equal(12.0, probation.Definition.Start);
    }

    [Fact]
    public void English_names_are_not_terms_and_each_definition_is_its_own_sentence()
    {
        var set = new ConceptExtractor().Extract(Sentences(
            "Good morning, I'm Marcus Okafor from the security team at Harborline Freight.",
            "Today we talk about phishing emails and the report button.",
            "A phishing email is a message that pretends to come from someone you trust so that you give away a password.",
            "Phishing emails often ask you to act quickly.",
            "The report button is the orange shield in the toolbar of your mail client.",
            "That sends it straight to our analysts, and it disappears from your inbox.",
            "Marcus checks every reported phishing email within an hour.",
            "Multi-factor authentication means you confirm each sign-in with a second device.",
            "With multi-factor authentication a stolen password is not enough.",
            "Ask Marcus or anyone at Harborline Freight if the report button is missing."), "en");

        var terms = set.Concepts.Select(c => c.Label).ToList();
        Assert.Contains("phishing email", terms);
        Assert.Contains("report button", terms);
        Assert.Contains("multi-factor authentication", terms);
        Assert.DoesNotContain(terms, t => t.Contains("marcus", StringComparison.OrdinalIgnoreCase) || t.Contains("okafor", StringComparison.OrdinalIgnoreCase)
            || t.Contains("harborline", StringComparison.OrdinalIgnoreCase) || t.Contains("freight", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(set.Names, n => n.Name == "Marcus Okafor");
        var definitions = set.Concepts.Where(c => c.Definition is not null).Select(c => c.Definition!.Sentence).ToList();
        Assert.Equal(definitions.Count, definitions.Distinct().Count());
        Assert.Equal(2, set.Concepts.Single(c => c.Label == "phishing email").Definition!.Sentence);
        Assert.Equal(4, set.Concepts.Single(c => c.Label == "report button").Definition!.Sentence);
    }

    [Theory]
    [InlineData("Contact time is the number of seconds a sanitiser must stay wet.", "contact time", DefinitionFinder.Medium)]
    [InlineData("Hot holding means keeping cooked food above sixty-three degrees.", "hot holding", DefinitionFinder.Strong)]
    [InlineData("When an invoice matches the order and the receipt, we call that a three-way match.", "three-way match", DefinitionFinder.Strong)]
    [InlineData("What is a three-way match?", "three-way match", 0)]
    [InlineData("所谓手卫生，是医务人员洗手和卫生手消毒的总称。", "手卫生", DefinitionFinder.Strong)]
    [InlineData("终末消毒就是病人离开后对病房的彻底消毒。", "终末消毒", DefinitionFinder.Medium)]
    [InlineData("故障修复之后要把业务切回主系统，这一步叫做回切。", "回切", DefinitionFinder.Strong)]
    [InlineData("病房每天用含氯消毒剂擦拭床栏。", "含氯消毒剂", 0)]
    public void Definition_frames_say_how_plainly_a_sentence_defines_a_term(string sentence, string term, int strength) =>
        Assert.Equal(strength, DefinitionFinder.Strength(term, sentence, sentence.Any(c => c >= '\u2E80')));

    [Fact]
    public void The_lexicon_knows_parts_of_speech_and_how_common_a_word_is()
    {
        var lexicon = ChineseLexicon.Shared;
        Assert.True(lexicon.Count > 300_000);
        Assert.True(lexicon.TryGet("试用期", out var tag, out _));
        Assert.Equal(PartOfSpeech.Noun, tag);
        Assert.True(lexicon.TryGet("李娜", out var name, out _));
        Assert.Equal(PartOfSpeech.PersonName, name);
        Assert.True(lexicon.Rarity("试用期") > lexicon.Rarity("工作"));
        Assert.False(lexicon.Contains("力资源部"));
    }
}
