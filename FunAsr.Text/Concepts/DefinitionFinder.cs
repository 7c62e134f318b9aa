using System.Text.RegularExpressions;
using FunAsr.Text.Analysis;
using FunAsr.Text.Joining;

namespace FunAsr.Text.Concepts;

/// <summary>
/// Finds the sentence that teaches each term. A sentence that defines it ("X is a…", "X means…", "we call this X", "X是指…",
/// "所谓X…", "X就是…") wins wherever it is in the lecture, the most explicit form first; otherwise the sentence near its first
/// mention that explains it (the first statement about it, not a question or a passing mention in a long list). Every
/// sentence defines at most one term: when two terms want the same sentence, the one it defines most plainly keeps it.
/// A definition reads alone: one whose sentence leans on the one before ("So…", "That is why…", "这个…") is shown from that
/// antecedent (<see cref="Anaphora.ReadsAloneFrom"/>), its time the antecedent's, and a sentence that would need more is no
/// definition; an explaining sentence that leans is taken only where no explaining sentence reads alone.
/// </summary>
public static partial class DefinitionFinder
{
    /// <summary>How far after the first mention an explaining sentence is looked for.</summary>
    private const int ExplainWindow = 4;

    public const int Strong = 3, Medium = 2, Weak = 1;

    public static IReadOnlyList<ConceptDefinition?> Find(IReadOnlyList<(string Label, IReadOnlyList<int> Sentences)> terms, IReadOnlyList<ConceptSentence> sentences, bool cjk)
    {
        var offers = new List<(int Term, int Sentence, int Strength)>();
        for (var t = 0; t < terms.Count; t++)
        {
            foreach (var s in terms[t].Sentences)
            {
                var strength = Strength(terms[t].Label, sentences[s].Text, cjk);
                if (strength > 0)
                {
                    offers.Add((t, s, strength));
                }
            }
        }
        var result = new ConceptDefinition?[terms.Count];
        var used = new HashSet<int>();
        // Plainest definitions first; among equals the term ranked higher, then the earlier sentence.
        foreach (var (term, sentence, _) in offers.OrderByDescending(o => o.Strength).ThenBy(o => o.Term).ThenBy(o => o.Sentence))
        {
            if (result[term] is null && !used.Contains(sentence) && ReadsAloneFrom(sentences, sentence) is { } first)
            {
                used.Add(sentence);
                result[term] = Make(sentences, first, sentence, DefinitionKind.Defines);
            }
        }
        for (var t = 0; t < terms.Count; t++)
        {
            if (result[t] is null && Explaining(terms[t].Sentences, sentences, used, cjk) is { } s)
            {
                used.Add(s.Sentence);
                result[t] = Make(sentences, s.First, s.Sentence, DefinitionKind.Explains);
            }
        }
        return result;
    }

    private static int? ReadsAloneFrom(IReadOnlyList<ConceptSentence> sentences, int sentence) => Anaphora.ReadsAloneFrom(i => sentences[i].Text, sentence);

    /// <summary>The definition as shown: from the first sentence it needs to read alone to the one that teaches the term.</summary>
    private static ConceptDefinition Make(IReadOnlyList<ConceptSentence> sentences, int first, int sentence, DefinitionKind kind) =>
        new(sentences[sentence].Index, TextJoiner.Join(Enumerable.Range(first, sentence - first + 1).Select(i => sentences[i].Text)), sentences[first].Start, sentences[sentence].End, kind);

    /// <summary>
    /// The first statement mentioning the term that is long enough to say something about it; questions and lists skipped.
    /// One that reads alone beats any that leans on the sentence before, which must also say more to be worth its antecedent.
    /// </summary>
    private static (int First, int Sentence)? Explaining(IReadOnlyList<int> mentions, IReadOnlyList<ConceptSentence> sentences, HashSet<int> used, bool cjk)
    {
        var firstMention = mentions[0];
        var candidates = new List<(int Sentence, double Score, bool Leans)>();
        foreach (var s in mentions.Where(m => m <= firstMention + ExplainWindow && !used.Contains(m)))
        {
            var text = sentences[s].Text;
            var leans = Anaphora.StartsWithAnaphor(text);
            var length = cjk ? text.Count(Scripts.TextScript.IsCjk) : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var score = Math.Min(length, cjk ? 30 : 20) - (s - firstMention) * 2.0
                - (text.TrimEnd().EndsWith('?') || text.TrimEnd().EndsWith('？') ? 100 : 0)
                - (leans ? 6 : 0)
                - (text.Count(c => c is ',' or '，' or '、') > (cjk ? 4 : 3) ? 4 : 0);
            if (score > (cjk ? 6 : 4))
            {
                candidates.Add((s, score, leans));
            }
        }
        foreach (var (s, _, _) in candidates.OrderBy(c => c.Leans).ThenByDescending(c => c.Score).ThenBy(c => c.Sentence))
        {
            if (ReadsAloneFrom(sentences, s) is { } first)
            {
                return (first, s);
            }
        }
        return null;
    }

    /// <summary>How plainly a sentence defines a term, at its plainest mention: 3 "X means/是指/所谓X/we call … X", 2 "X is a…" as the subject, 1 "X is", 0 not at all.</summary>
    public static int Strength(string term, string sentence, bool cjk)
    {
        var pattern = cjk ? Regex.Escape(term).Replace(@"\ ", @"\s*") : EnglishTermPattern(term);
        var best = 0;
        foreach (Match mention in Regex.Matches(sentence, pattern, RegexOptions.IgnoreCase))
        {
            best = Math.Max(best, StrengthAt(sentence, mention.Index, mention.Length, cjk));
        }
        return best;
    }

    /// <summary>How plainly a sentence defines whatever it says at [start, start + length): the definition frames around that span.</summary>
    public static int StrengthAt(string sentence, int start, int length, bool cjk)
    {
        var trimmed = sentence.TrimEnd();
        if (trimmed.EndsWith('?') || trimmed.EndsWith('？') || start + length > sentence.Length)
        {
            return 0;
        }
        var before = sentence.AsSpan(0, start);
        var after = sentence.AsSpan(start + length);
        if (cjk)
        {
            // "X是指…" defines the whole subject of its clause: a mention right after a content character (交接 of 离职前交接) is its tail.
            if ((ChineseStrongAfter().IsMatch(after) && OpensSubject(before)) || ChineseStrongBefore().IsMatch(before) || (ChineseOpening().IsMatch(before) && ChineseAsideThenDefines().IsMatch(after)))
            {
                return Strong;
            }
            // "所以保密措施是实打实的要求": a judgement about X, not what X is.
            if (ChineseJudging().IsMatch(after))
            {
                return 0;
            }
            // "X就是…" defines X only where X opens its clause (这些堆起来的半成品，就是在制品 defines 在制品), and "就是一个好例子" gives an example.
            var opens = ChineseOpening().IsMatch(before) || ChineseClauseStart().IsMatch(before);
            if ((opens && ChineseMediumAfter().IsMatch(after) && !ChineseExample().IsMatch(after)) || (ChineseOpening().IsMatch(before) && ChineseIs().IsMatch(after))
                || (ChineseIntroduces().IsMatch(before) && ChineseColon().IsMatch(after)))
            {
                return Medium;
            }
            return ChineseWeakAfter().IsMatch(after) ? Weak : 0;
        }
        // "No certificate means no release": a quantified mention is not the thing being defined.
        var quantified = EnglishQuantifier().IsMatch(before);
        // "we call that tree the work breakdown structure": the name is what follows, not the word after "that".
        var namesNext = EnglishNameFollows().IsMatch(after);
        // "Otherwise a reclaimed machine means starting again": a mention inside a condition or a consequence says what follows from it.
        var conditional = EnglishConditionBefore().IsMatch(before);
        // "Access to the staging database is …": the object of a preposition is not what the verb after it says anything about.
        var governed = EnglishPrepositionBefore().IsMatch(before);
        var strongAfter = EnglishStrongAfter().IsMatch(after) && !quantified && !conditional && !governed;
        // "A signature means you have read it": an instance ("a X") that "means" a clause says what one such thing entails or
        // signals, not what X is ("Hot holding means that food stays hot" defines it; so does "X means a …" or "X means keeping …").
        if (strongAfter && EnglishMeansClause().IsMatch(after) && EnglishIndefiniteBefore().IsMatch(before))
        {
            return Weak;
        }
        if (strongAfter || (EnglishStrongBefore().IsMatch(before) && !namesNext) || EnglishCallThatXThe().IsMatch(before)
            || (EnglishBy().IsMatch(before) && EnglishWeMean().IsMatch(after)))
        {
            return Strong;
        }
        if (governed)
        {
            return 0;
        }
        // "Illness is the part people get wrong", "Compute is the biggest line on the bill": a judgement about X, not what X is.
        if (EnglishJudging().IsMatch(after) || SuperlativeFollows(after) || EnglishExamples().IsMatch(after))
        {
            return 0;
        }
        if (EnglishOpening().IsMatch(before) && (EnglishMediumAfter().IsMatch(after) || (sentence.AsSpan(start, length).EndsWith("ing", StringComparison.OrdinalIgnoreCase) && EnglishGerundIsGerund().IsMatch(after)))
            || EnglishWhichIs().IsMatch(after))
        {
            return Medium;
        }
        return EnglishWeakAfter().IsMatch(after) ? Weak : 0;
    }

    /// <summary>Whether a "是指 / 指的是 / 的意思是" frame starts here: it defines what comes before it in its clause.</summary>
    public static bool ChineseDefinitionFollows(ReadOnlySpan<char> after) => ChineseStrongAfter().IsMatch(after);

    /// <summary>Whether a "所谓 / 叫做 / 称为" frame ends here: the term follows it.</summary>
    public static bool ChineseTermFollows(ReadOnlySpan<char> before) => ChineseStrongBefore().IsMatch(before);

    /// <summary>
    /// Whether a CJK mention starts its clause's subject: nothing before it but punctuation, an opening connective or a
    /// function character that is a word of its own (的 in 公司的X; not the 有 of 现有).
    /// </summary>
    private static bool OpensSubject(ReadOnlySpan<char> before) =>
        before.IsEmpty || !Scripts.TextScript.IsCjk(before[^1]) || ChineseOpening().IsMatch(before) || ChineseClauseStart().IsMatch(before)
        || (CjkPhrases.IsFunctionCharacter(before[^1]) && (before.Length < 2 || !ChineseLexicon.Shared.Contains(before[^2..])));

    /// <summary>
    /// "is the biggest/best/most …": a superlative (<see cref="EnglishLexicon.IsComparative"/>) after "is the", not a noun
    /// ending in -est (request, test). The text is copied only where "is the" follows the mention.
    /// </summary>
    private static bool SuperlativeFollows(ReadOnlySpan<char> after)
    {
        if (!EnglishIsThe().IsMatch(after))
        {
            return false;
        }
        // The superlative may follow a word that intensifies it: "is the very best …".
        var match = EnglishIsThe().Match(after.ToString());
        return Superlative(match.Groups[1].Value) || Superlative(match.Groups[2].Value);
    }

    private static bool Superlative(string word)
    {
        var lower = word.ToLowerInvariant();
        return lower is "most" or "least" or "best" or "worst" || (lower.EndsWith("est", StringComparison.Ordinal) && EnglishLexicon.Shared.IsComparative(lower));
    }

    /// <summary>A term's words with any ending ("audit trail" also finds "audit trails"), as whole words.</summary>
    public static string EnglishTermPattern(string term) =>
        @"\b" + string.Join(@"[\s-]+", term.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Regex.Escape(w.Length > 4 ? CommonPrefix(w, TermAnalyzer.Stem(w)) : w) + @"[\p{L}']*")) + @"\b";

    /// <summary>What a word and its stem share ("anomal" of anomaly/anomali), so every form of the word matches.</summary>
    private static string CommonPrefix(string word, string stem)
    {
        var lower = word.ToLowerInvariant();
        var length = 0;
        while (length < lower.Length && length < stem.Length && lower[length] == stem[length])
        {
            length++;
        }
        return lower[..Math.Max(length, Math.Min(3, lower.Length))];
    }

    // "X means …", "X refers to …", "X, which stands for …" (a parenthesis or an aside between commas may come first).
    [GeneratedRegex(@"^\s*(?:\([^)]*\)\s*)?(?:,[^,]{1,60},\s*|,\s*which\s+)?(?:simply\s+|just\s+|basically\s+|really\s+)?(?:means|refers to|is defined as|stands for|is short for|is the name for|is the term for|describes|is what we call)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishStrongAfter();

    // "we call this X", "is known as X", "the term X".
    [GeneratedRegex(@"\b(?:we call|we'll call|we usually call|is called|are called|is known as|are known as|known as|what we call|we refer to (?:this|that|it|these|them) as|the term|the name|(?:calls?|called) (?:this|that|it|these|them))\s+(?:an?\s+|the\s+)?[""“']?$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishStrongBefore();

    [GeneratedRegex(@"\b(?:no|not|any|every|each|all|some|without|never|more|less|fewer)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishQuantifier();

    [GeneratedRegex(@"^\s+(?:the|an?)\s+\w", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishNameFollows();

    // "we call that tree the X", "we call this kind of check a X".
    [GeneratedRegex(@"\b(?:we|they|people|everyone)\s+(?:usually\s+|often\s+)?call\s+(?:this|that|these|those|it)\s+(?:[\w-]+\s+){1,3}(?:the|an?)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishCallThatXThe();

    [GeneratedRegex(@"\bby\s+(?:an?\s+|the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishBy();

    [GeneratedRegex(@"^,?\s+(?:we|I)\s+mean\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWeMean();

    // The subject of its sentence (or clause): only a connective and a determiner before it.
    [GeneratedRegex(@"(?:^|[.;:]\s*)\W*(?:(?:so|now|and|but|first|second|next|finally|okay|right|well)\b,?\s+)?(?:an?\s+|the\s+|our\s+|your\s+|each\s+|every\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishOpening();

    [GeneratedRegex(@"^(?:\s*,\s*(?:or|also|sometimes|which)\s[^,]{1,40},)?\s+(?:is|are)\s+(?:an?|the|when|what|where|how|any|anything|something|someone|anyone|simply|basically|essentially|just|our|your|one|two|three|four|made|used|there|always|never)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishMediumAfter();

    [GeneratedRegex(@"^\s+(?:is|are)\s+(?:an?|the)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWeakAfter();

    // "X is the other …", "X is one of the …", "X is the part people get wrong": ranks or judges X.
    [GeneratedRegex(@"^\s+(?:is|are)\s+(?:(?:one|some)\s+of\s+the\b|another\b|the\s+(?:other|only|main|real)\b|the\s+\w+\s+(?:people|everyone|nobody|most\s+people)\s)", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishJudging();

    // "Early symptoms are a dry cough, a mild fever and …": things that are one item of a list are given examples, not defined;
    // "Lessons learned are a record of …, …" describes what they are.
    [GeneratedRegex(@"^\s+are\s+an?\s+[\w-]+\b(?!\s+of\b)[^.;]*,\s*(?:and\s+|or\s+)?an?\s", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishExamples();

    [GeneratedRegex(@"^\s+(?:is|are)\s+the\s+(\w+)(?:\s+(\w+))?", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishIsThe();

    // An "if/when/unless/because/otherwise …" clause before the mention, with no clause break since.
    [GeneratedRegex(@"\b(?:if|when|whenever|unless|because|otherwise|once|until)\b[^,;:.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishConditionBefore();

    // A preposition, then at most a determiner and a possessive, right before the mention: "to a supplier's X", "of the X".
    [GeneratedRegex(@"\b(?:of|to|for|in|on|at|with|from|into|onto|about|against|between|under|over|behind|after|before)\s+(?:(?:an?|the|this|that|these|those|our|your|their|its|his|her|my)\s+)?(?:[\w-]+(?:'s|’s|s'|s’)\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishPrepositionBefore();

    [GeneratedRegex(@"\ban?\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishIndefiniteBefore();

    // "X means you …", "X means that …": a clause after "means", not a noun phrase or a gerund.
    [GeneratedRegex(@"^\s*(?:,[^,]{1,60},\s*)?(?:simply\s+|just\s+|basically\s+|really\s+)?means\s+(?:that|you|we|they|he|she|it|I|someone|somebody|anyone|anybody|everyone|everybody|nobody|no one)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishMeansClause();

    // "Rightsizing is choosing …": an activity defined by another.
    [GeneratedRegex(@"^\s+is\s+\w+ing\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishGerundIsGerund();

    // "storage tiers, which are classes of storage …"
    [GeneratedRegex(@"^,\s*which\s+(?:is|are)\s+(?:an?|the|\w+\s+of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWhichIs();

    [GeneratedRegex(@"^(?:”|"")?\s*[，,]?\s*(?:是指|指的是|就是指|的意思是|的定义是|的意思就是|即是|是这样一种|又称|也叫|也称|又叫|也称为|简称|简单(?:地)?(?:来)?说[，,]?就是|说白了就是)")]
    private static partial Regex ChineseStrongAfter();

    [GeneratedRegex(@"(?:所谓(?:的)?|叫做|叫作|称为|称作|称之为|我们叫它|管它叫|这就是|这叫|这叫做|被称为|统称为)(?:“|"")?$")]
    private static partial Regex ChineseStrongBefore();

    // "恢复点目标，英文缩写是RPO，指的是…": an aside between commas, then the definition.
    [GeneratedRegex(@"^[，,][^，。,]{1,16}[，,]\s*(?:是指|指的是|就是指|意思是)")]
    private static partial Regex ChineseAsideThenDefines();

    [GeneratedRegex(@"^(?:”|"")?\s*[，,]?\s*(?:就是|其实就是|也就是|是一种|是一个|是一类|是一项|是我们|是公司|是用来|是用于|是为了)")]
    private static partial Regex ChineseMediumAfter();

    [GeneratedRegex(@"^\s*(?:(?:那么|所以|而|但|其中|首先|其次|另外)[，,]?)?(?:“|"")?$")]
    private static partial Regex ChineseOpening();

    [GeneratedRegex(@"[，,；;：:]\s*(?:(?:那么|所以|而|但|其中|首先|其次|另外)[，,]?)?(?:“|"")?$")]
    private static partial Regex ChineseClauseStart();

    [GeneratedRegex(@"^(?:”|"")?\s*[，,]?\s*(?:其实|也)?就是(?:一个|一种)?(?:很|非常)?(?:好|典型)?的?例子")]
    private static partial Regex ChineseExample();

    // "法律规定了一个宽限期：…": a term introduced, then explained after a colon.
    [GeneratedRegex(@"(?:了|有|叫)一(?:个|种|项|条)$")]
    private static partial Regex ChineseIntroduces();

    [GeneratedRegex(@"^(?:”|"")?\s*[：:]")]
    private static partial Regex ChineseColon();

    // 是, but not 是不是 or 是否, which ask whether X is something.
    [GeneratedRegex(@"^(?:”|"")?\s*[，,]?\s*是(?!不是|否)")]
    private static partial Regex ChineseIs();

    [GeneratedRegex(@"^是(?!不是|否)")]
    private static partial Regex ChineseWeakAfter();

    // "X是实打实的要求", "X是最重要的一步", "X是很常见的": 是 before a degree word or a judging adjective.
    [GeneratedRegex(@"^(?:”|"")?\s*[，,]?\s*(?:也|就|都|其实|才)?是(?:很|非常|最|特别|比较|十分|相当|挺|实打实|真正|必须|一定|重要|关键|第一)")]
    private static partial Regex ChineseJudging();
}
