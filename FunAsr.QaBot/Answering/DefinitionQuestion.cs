using System.Text.RegularExpressions;
using FunAsr.Text.Concepts;
using FunAsr.Text.Scripts;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// "What is X?", "What does X mean?", "什么是X？", "X是什么意思？": a question that asks what a term is. A sentence of a lecture
/// that defines the term (<see cref="DefinitionFinder"/>: "X is the…", "X means…", "X是指…", "所谓X…") answers it, however
/// often the term comes up elsewhere. The answer model, fitted on questions about details, reads a term said in several
/// places as a tie between them and declines; no question it was fitted on asks what a term is, so this rule stands beside it.
/// </summary>
public static partial class DefinitionQuestion
{
    /// <summary>Words a term asked about may have: longer subjects are questions about a detail ("the meal allowance per day when travelling").</summary>
    private const int MaxEnglishWords = 4;

    /// <summary>
    /// The chance of being right given to a window that opens with a plain definition of the asked term (hand-set: no
    /// evaluation question of this kind was there to fit it on; above the answer model's threshold, so the answer is given).
    /// </summary>
    private const double StrongConfidence = 0.9, MediumConfidence = 0.75;

    /// <summary>The term a question asks the meaning of, or null when it asks something else.</summary>
    public static string? SubjectOf(string question)
    {
        var text = question.Trim();
        foreach (var pattern in (Regex[])[EnglishWhatIs(), EnglishMeaning(), ChineseWhatIsBefore(), ChineseWhatIsAfter()])
        {
            if (pattern.Match(text) is { Success: true } match)
            {
                var subject = match.Groups["x"].Value.Trim();
                var words = subject.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                return subject.Length >= 2 && words <= MaxEnglishWords ? subject : null;
            }
        }
        return null;
    }

    /// <summary>
    /// The windows as ranked, with the best one that opens with a definition of <paramref name="subject"/> moved first and given
    /// at least the confidence its definition earns (a plain "X means/是指…" more than "X is a…"). Unchanged when none defines it.
    /// </summary>
    public static List<AnswerWindow> Promote(string? subject, List<AnswerWindow> ranked)
    {
        if (subject is null)
        {
            return ranked;
        }
        var cjk = subject.Any(TextScript.IsCjk);
        var best = -1;
        var bestStrength = DefinitionFinder.Medium - 1;
        // A sentence opens up to three windows: its definition strength is read once.
        var strengths = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ranked.Count; i++)
        {
            var opening = ranked[i].Sentences[0].Text;
            if (!strengths.TryGetValue(opening, out var strength))
            {
                strengths[opening] = strength = DefinitionFinder.Strength(subject, opening, cjk);
            }
            if (strength > bestStrength)
            {
                (best, bestStrength) = (i, strength);
            }
        }
        if (best < 0)
        {
            return ranked;
        }
        var floor = bestStrength >= DefinitionFinder.Strong ? StrongConfidence : MediumConfidence;
        var promoted = ranked[best] with { Confidence = Math.Max(ranked[best].Confidence, floor) };
        return [promoted, .. ranked.Where((_, i) => i != best)];
    }

    [GeneratedRegex(@"^(?:so|and|but|ok|okay)?[\s,]*(?:what|who)(?:\s+exactly)?\s*(?:\s+is|\s+are|'s|’s)\s+(?:an?\s+|the\s+)?(?<x>[\p{L}\p{N}][\p{L}\p{N}' -]*?)(?:\s+(?:exactly|actually|again))?\s*[?？]*$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWhatIs();

    [GeneratedRegex(@"^(?:(?:what\s+(?:does|do)\s+(?:an?\s+|the\s+)?(?<x>[\p{L}\p{N}][\p{L}\p{N}' -]*?)\s+(?:mean|stand\s+for))|(?:(?:what\s+is\s+meant\s+by|what\s+do\s+(?:you|we)\s+mean\s+by|define)\s+(?:an?\s+|the\s+)?(?<x>[\p{L}\p{N}][\p{L}\p{N}' -]*?)))\s*[?？]*$", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishMeaning();

    [GeneratedRegex(@"^(?:请问)?(?:什么是|什么叫做?|何为|何谓)(?:所谓的?)?(?<x>[^\s，,。？?！!]{2,12}?)(?:呢|啊)?[？?。！!]*$")]
    private static partial Regex ChineseWhatIsBefore();

    [GeneratedRegex(@"^(?:请问)?(?:所谓的?|我们说的|这个|那个)?(?<x>[^\s，,。？?！!]{2,12}?)(?:到底|究竟)?(?:是什么意思|是什么东西|是什么|是啥|指的是什么|是指什么|指什么|是干什么用的|是干什么的|是做什么用的|是做什么的|有什么用)(?:呢|啊)?[？?。！!]*$")]
    private static partial Regex ChineseWhatIsAfter();
}
