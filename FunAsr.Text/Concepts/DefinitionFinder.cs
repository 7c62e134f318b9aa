using System.Text.RegularExpressions;
using FunAsr.Text.Analysis;

namespace FunAsr.Text.Concepts;

/// <summary>
/// Finds the sentence that teaches each term. A sentence that defines it ("X is a…", "X means…", "we call this X", "X是指…",
/// "所谓X…", "X就是…") wins wherever it is in the lecture, the most explicit form first; otherwise the sentence near its first
/// mention that explains it (the first statement about it, not a question or a passing mention in a long list). Every
/// sentence defines at most one term: when two terms want the same sentence, the one it defines most plainly keeps it.
/// </summary>
public static partial class DefinitionFinder
{
    /// <summary>How far after the first mention an explaining sentence is looked for.</summary>
    private const int ExplainWindow = 4;

    private const int Strong = 3, Medium = 2, Weak = 1;

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
            if (result[term] is null && used.Add(sentence))
            {
                result[term] = Make(sentences[sentence], DefinitionKind.Defines);
            }
        }
        for (var t = 0; t < terms.Count; t++)
        {
            if (result[t] is null && Explaining(terms[t].Sentences, sentences, used, cjk) is { } s)
            {
                used.Add(s);
                result[t] = Make(sentences[s], DefinitionKind.Explains);
            }
        }
        return result;
    }

    private static ConceptDefinition Make(ConceptSentence sentence, DefinitionKind kind) => new(sentence.Index, sentence.Text, sentence.Start, sentence.End, kind);

    /// <summary>The first statement mentioning the term that is long enough to say something about it; questions and lists skipped.</summary>
    private static int? Explaining(IReadOnlyList<int> mentions, IReadOnlyList<ConceptSentence> sentences, HashSet<int> used, bool cjk)
    {
        var first = mentions[0];
        var best = -1;
        var bestScore = double.MinValue;
        foreach (var s in mentions.Where(m => m <= first + ExplainWindow && !used.Contains(m)))
        {
            var text = sentences[s].Text;
            var length = cjk ? text.Count(Scripts.TextScript.IsCjk) : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var score = Math.Min(length, cjk ? 30 : 20) - (s - first) * 2.0
                - (text.TrimEnd().EndsWith('?') || text.TrimEnd().EndsWith('？') ? 100 : 0)
                - (Anaphora.StartsWithAnaphor(text) ? 6 : 0)
                - (text.Count(c => c is ',' or '，' or '、') > (cjk ? 4 : 3) ? 4 : 0);
            if (score > bestScore)
            {
                (best, bestScore) = (s, score);
            }
        }
        return best >= 0 && bestScore > (cjk ? 6 : 4) ? best : null;
    }

    /// <summary>How plainly a sentence defines a term: 3 "X means/是指/所谓X/we call … X", 2 "X is a…" as the subject, 1 "X is", 0 not at all.</summary>
    public static int Strength(string term, string sentence, bool cjk)
    {
        var trimmed = sentence.TrimEnd();
        if (trimmed.EndsWith('?') || trimmed.EndsWith('？'))
        {
            return 0;
        }
        var t = cjk ? Regex.Escape(term).Replace(@"\ ", @"\s*") : EnglishTermPattern(term);
        if (!Regex.IsMatch(sentence, t, RegexOptions.IgnoreCase))
        {
            return 0;
        }
        var patterns = cjk ? ChinesePatterns : EnglishPatterns;
        foreach (var (pattern, strength) in patterns)
        {
            if (Regex.IsMatch(sentence, pattern.Replace("T", "(?:" + t + ")"), RegexOptions.IgnoreCase))
            {
                return strength;
            }
        }
        return 0;
    }

    /// <summary>A term's words with any ending ("audit trail" also finds "audit trails"), as whole words.</summary>
    private static string EnglishTermPattern(string term) =>
        @"\b" + string.Join(@"[\s-]+", term.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Regex.Escape(w.Length > 4 ? TermAnalyzer.Stem(w) : w) + @"[\p{L}']*")) + @"\b";

    // "T" stands for the term. Checked in order; the first that matches gives the strength.
    private static readonly (string Pattern, int Strength)[] EnglishPatterns =
    [
        (@"\bT\b\s*(?:\([^)]*\)\s*)?(?:,[^,]{1,60},\s*)?(?:simply\s+|just\s+|basically\s+|really\s+)?(?:means|refers to|is defined as|stands for|is short for|is the name for|is the term for|describes)\b", Strong),
        (@"\b(?:we call|we'll call|is called|are called|is known as|are known as|known as|what we call|we refer to (?:this|that|it|these|them) as|the term|the name)\s+(?:this\s+|that\s+|it\s+|these\s+)?(?:an?\s+|the\s+)?[""“']?T\b", Strong),
        (@"\bby\s+(?:an?\s+|the\s+)?T,?\s+(?:we|I)\s+mean\b", Strong),
        (@"\bcall(?:s|ed)?\s+(?:this|that|it|these|them)\s+(?:an?\s+|the\s+)?[""“']?T\b", Strong),
        (@"(?:^|[.;:]\s*|\b(?:so|now|and|but|first|second|next|finally|okay|right),?\s+)(?:an?\s+|the\s+|our\s+|your\s+|each\s+|every\s+)?T\s+(?:is|are)\s+(?:an?|the|when|what|where|how|any|simply|basically|essentially|just|our|your|one|two|three|four|made|used|there|not\s+an?|always|never)\b", Medium),
        (@"\bT\s+(?:is|are)\s+(?:an?|the)\b", Weak),
    ];

    private static readonly (string Pattern, int Strength)[] ChinesePatterns =
    [
        (@"T(?:”|"")?\s*(?:，|,)?\s*(?:是指|指的是|就是指|的意思是|的定义是|的意思就是|即是|是这样一种|又称|也叫|也称|又叫|也称为|简称)", Strong),
        (@"所谓(?:的)?(?:“|"")?T", Strong),
        (@"(?:叫做|叫作|称为|称作|称之为|我们叫它|管它叫|这就是|这叫|这叫做|被称为|统称为)(?:“|"")?T", Strong),
        (@"T(?:”|"")?\s*(?:，|,)?\s*(?:就是|其实就是|也就是|是一种|是一个|是一类|是一项|是我们|是公司|是用来|是用于|是为了)", Medium),
        (@"^\s*T\s*(?:，|,)?\s*是", Medium),
        (@"T是", Weak),
    ];
}
