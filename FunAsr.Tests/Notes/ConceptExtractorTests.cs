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

    [Fact]
    public void A_verb_that_is_also_a_noun_modifies_the_noun_after_a_determiner()
    {
        var set = new ConceptExtractor().Extract(Sentences(
            "The build pipeline is the automated process that compiles, tests and packages every change.",
            "When the build pipeline fails, fix it before you start new work.",
            "Open a pull request as soon as your change builds in the build pipeline."), "en");
        Assert.Contains(set.Concepts, c => c.Label == "build pipeline" && c.Definition?.Sentence == 0);
    }

    [Fact]
    public void An_adjective_that_classifies_its_noun_makes_a_term_one_that_describes_many_nouns_does_not()
    {
        var set = new ConceptExtractor().Extract(Sentences(
            "Let's start with annual leave.",
            "Every employee receives twenty days of paid annual leave per year.",
            "Sick leave is separate from annual leave.",
            "You have ten days of paid sick leave each year.",
            "Use the red board for raw meat.",
            "Store raw meat below raw food, and keep raw food away from bread.",
            "Wash your hands after you touch raw meat."), "en");
        // Candidates in the shape of a term, taken or next in line (undefined terms are a bounded share of the concepts).
        var terms = set.Concepts.Concat(set.Others).Select(c => c.Label).ToList();
        Assert.Contains("annual leave", terms); // "leave", mostly a verb in WordNet's corpus, is a noun after an adjective
        Assert.Contains("sick leave", terms);
        Assert.DoesNotContain("raw meat", terms);
    }

    [Fact]
    public void A_candidate_always_said_after_the_same_neighbour_is_clipped_off_a_longer_term()
    {
        var zh = Sentences("新员工入职当天要到人力资源部报到。", "人力资源部会发放工牌。", "请把表格交给人力资源部。");
        Assert.True(TermBoundaries.IsClipped("力资源部", zh, cjk: true));
        Assert.False(TermBoundaries.IsClipped("人力资源部", zh, cjk: true));
        var en = Sentences("Every new part gets a first article inspection.", "The first article inspection checks every dimension.", "After the first article inspection, the lot is released.");
        Assert.True(TermBoundaries.IsClipped("article inspection", en, cjk: false));
        Assert.False(TermBoundaries.IsClipped("first article inspection", en, cjk: false));
    }

    [Fact]
    public void Hui_after_a_noun_is_a_meeting_where_no_verb_follows_it()
    {
        var phrases = new List<PhraseCandidate>();
        CjkPhrases.Find("每个月第一个周五，安全科召开事故分析会。", phrases, []);
        CjkPhrases.Find("事故分析会的纪要由安全科在三天内发给各车间。", phrases, []);
        Assert.Contains(phrases, p => p.Key == "事故分析会" && !p.HasVerb);
        phrases.Clear();
        CjkPhrases.Find("主管会召开会议。", phrases, []);
        Assert.DoesNotContain(phrases, p => p.Key.StartsWith("主管会", StringComparison.Ordinal)); // here 会 says "will"
    }

    [Fact]
    public void A_defining_frame_defines_the_whole_subject_even_where_a_direction_character_splits_it()
    {
        var set = new ConceptExtractor().Extract(Sentences(
            "今天讲员工离职的流程。",
            "那么离职前交接是指员工在最后一天之前把手上的工作交给接手的同事。",
            "离职前交接没有做完，人事不会办理离职手续。",
            "交接清单由部门主管签字。"), "zh");
        var handover = set.Concepts.Single(c => c.Label == "离职前交接");
        Assert.Equal(1, handover.Definition!.Sentence);
        Assert.DoesNotContain(set.Concepts, c => c.Label == "交接");
        Assert.Equal(DefinitionFinder.Weak, DefinitionFinder.Strength("交接", "那么离职前交接是指员工在最后一天之前把手上的工作交给接手的同事。", cjk: true));
    }

    [Fact]
    public void A_defined_subject_keeps_a_modifier_that_elsewhere_only_selects()
    {
        const string definition = "现有方案是指公司目前在用、还没有被替换的做法。";
        var phrases = new List<PhraseCandidate>();
        CjkPhrases.Find(definition, phrases, []);
        Assert.Contains(phrases, p => p.Key == "现有方案" && DefinitionFinder.StrengthAt(definition, p.Offset, p.Surface.Length, cjk: true) == DefinitionFinder.Strong);
        // 有 closes the word 现有 here: 方案 does not open the subject.
        Assert.Equal(DefinitionFinder.Weak, DefinitionFinder.Strength("方案", definition, cjk: true));
        phrases.Clear();
        CjkPhrases.Find("所谓现有方案是指公司目前在用的做法。", phrases, []);
        Assert.DoesNotContain(phrases, p => p.Key.StartsWith("所谓", StringComparison.Ordinal));
    }

    [Fact]
    public void A_property_noun_the_lexicon_files_as_a_name_is_a_noun()
    {
        var phrases = new List<PhraseCandidate>();
        var names = new List<NameMention>();
        CjkPhrases.Find("依从性就是应该做手卫生的时候，实际做了的比例。", phrases, names);
        Assert.Contains(phrases, p => p.Key == "依从性");
        Assert.Empty(names);
    }

    [Fact]
    public void A_modifier_with_a_measure_word_selects_like_the_modifier_alone()
    {
        var phrases = new List<PhraseCandidate>();
        CjkPhrases.Find("三个班组都用同一个模板填写交接记录。", phrases, []);
        Assert.DoesNotContain(phrases, p => p.Key.StartsWith("同一", StringComparison.Ordinal));
        Assert.Contains(phrases, p => p.Key == "模板");
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
    [InlineData("Otherwise a reclaimed machine means starting again from the beginning.", "reclaimed machine", 0)]
    [InlineData("Illness is the part people get wrong because they do not want to let the team down.", "illness", 0)]
    [InlineData("Compute is the biggest line on the bill.", "compute", 0)]
    [InlineData("Snapshots of disks are the other quiet cost.", "snapshots of disks", 0)]
    [InlineData("A purchase request is the request that a buyer raises before any order.", "purchase request", DefinitionFinder.Medium)]
    [InlineData("The approved supplier list, which everyone here calls the ASL, is the register of suppliers we may buy from.", "approved supplier list", DefinitionFinder.Medium)]
    [InlineData("所以保密措施是实打实的要求，不是走形式。", "保密措施", 0)]
    [InlineData("换线时间是不是够短，要看现场记录。", "换线时间", 0)]
    [InlineData("A yellow card means you sit out the next ten minutes.", "yellow card", DefinitionFinder.Weak)]
    [InlineData("A green tag means that the machine has passed its weekly check.", "green tag", DefinitionFinder.Weak)]
    [InlineData("Least privilege means you get only the access your job needs.", "least privilege", DefinitionFinder.Strong)]
    [InlineData("Access to the staging database is the first thing a new developer asks for.", "staging database", 0)]
    [InlineData("The owner of the risk register is the person who keeps it current.", "risk register", 0)]
    [InlineData("Early symptoms are a dry cough, a mild fever and a sore throat.", "early symptoms", 0)]
    [InlineData("Lessons learned are a record of what went well, what went badly and what to change.", "lessons learned", DefinitionFinder.Medium)]
    [InlineData("Password reuse is the very worst habit a team can have.", "password reuse", 0)]
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
