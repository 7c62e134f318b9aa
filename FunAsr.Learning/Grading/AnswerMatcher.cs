using F23.StringSimilarity;
using FunAsr.Text.Analysis;
using FunAsr.Text.Normalization;
using FunAsr.Text.Scripts;

namespace FunAsr.Learning.Grading;

/// <summary>How forgiving short-answer grading is.</summary>
public sealed record MatchOptions
{
    /// <summary>Similarity (1 − edit distance / length) at or above which a word counts as the expected one, misspelt.</summary>
    public double WordSimilarity { get; init; } = 0.75;

    /// <summary>Words shorter than this must be exact (a typo in "fan" makes another word).</summary>
    public int MinFuzzyLength { get; init; } = 4;

    /// <summary>Words the answer may have beyond the expected ones ("it is the hard hat"), at least this many …</summary>
    public int MinExtraWords { get; init; } = 3;

    /// <summary>… or this many per expected word, so a long answer cannot be the whole lecture pasted.</summary>
    public double ExtraWordsPerExpected { get; init; } = 1.0;
}

/// <summary>The verdict on one short answer: which accepted answer it matched and how closely (1 = the same terms).</summary>
public sealed record MatchResult(bool Correct, double Similarity, string? Matched);

/// <summary>
/// Grades a typed or transcribed short answer against accepted answers the way a person would, without an LLM (after
/// Moodle's short-answer and pattern-match questions): both go through the shared term analysis (normalised width and
/// script, numbers as digits in any language, segmented, stop words dropped, English stemmed); numbers and quantities must
/// match exactly (30 days = thirty days = 三十天 = one month where the units convert); other words may be misspelt within
/// <see cref="MatchOptions.WordSimilarity"/> or, for Chinese, sound the same (ASR homophones); a few extra words are allowed.
/// </summary>
public sealed class AnswerMatcher(MatchOptions? options = null)
{
    private static readonly NormalizedLevenshtein Levenshtein = new();
    private readonly MatchOptions _options = options ?? new MatchOptions();

    public MatchResult Match(string response, IEnumerable<string> accepted)
    {
        var best = new MatchResult(false, 0, null);
        if (string.IsNullOrWhiteSpace(response))
        {
            return best;
        }
        var answer = Analyse(response);
        foreach (var candidate in accepted.Where(a => !string.IsNullOrWhiteSpace(a)))
        {
            var similarity = Similarity(answer, Analyse(candidate));
            if (similarity > best.Similarity || (similarity == best.Similarity && best.Matched is null))
            {
                best = new MatchResult(similarity > 0 && similarity >= _options.WordSimilarity, similarity, candidate);
            }
        }
        return best;
    }

    private sealed record Analysis(string Folded, List<string> Words, HashSet<string> Quantities);

    private static Analysis Analyse(string text)
    {
        // A number word said alone ("five") is a number here, though retrieval keeps a lone "one" a word.
        if (EnglishNumbers.TryParseWords(text, out var number))
        {
            text = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var terms = TermAnalyzer.Terms(text);
        var quantities = terms.Where(t => t.StartsWith(Text.Analysis.Quantities.QuantityPrefix, StringComparison.Ordinal)
                                          || t.All(c => char.IsDigit(c) || c == '.')).ToHashSet(StringComparer.Ordinal);
        var words = terms.Where(t => !quantities.Contains(t) && !Text.Analysis.Quantities.IsUnit(t)).ToList();
        // For answers made only of stop words ("the", 的) there are no terms; they are compared as written.
        var folded = new string(TextNormalizer.Normalize(text).ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        return new Analysis(folded, words, quantities);
    }

    /// <summary>0 when a required number is missing or too much is said; else the mean similarity of the expected words.</summary>
    private double Similarity(Analysis answer, Analysis expected)
    {
        if (expected.Words.Count == 0 && expected.Quantities.Count == 0)
        {
            return expected.Folded.Length > 0 && answer.Folded == expected.Folded ? 1 : 0;
        }
        if (expected.Quantities.Count > 0 && !expected.Quantities.Overlaps(answer.Quantities))
        {
            return 0;
        }
        if (expected.Words.Count == 0)
        {
            return 1;
        }
        var allowedExtra = Math.Max(_options.MinExtraWords, (int)Math.Ceiling(expected.Words.Count * _options.ExtraWordsPerExpected));
        if (answer.Words.Count > expected.Words.Count + allowedExtra)
        {
            return 0;
        }
        // Chinese words may be segmented differently in the answer ("洗手 法" / "洗手法"): compare the characters too.
        var joinedExpected = string.Concat(expected.Words);
        var joinedAnswer = string.Concat(answer.Words);
        if (joinedExpected.Any(TextScript.IsCjk) && joinedAnswer.Contains(joinedExpected, StringComparison.Ordinal))
        {
            return 1;
        }
        var used = new bool[answer.Words.Count];
        var total = 0.0;
        foreach (var word in expected.Words)
        {
            var (index, score) = BestWord(word, answer.Words, used);
            if (score < _options.WordSimilarity)
            {
                return CjkSimilarity(joinedAnswer, joinedExpected);
            }
            used[index] = true;
            total += score;
        }
        return total / expected.Words.Count;
    }

    private (int Index, double Score) BestWord(string expected, List<string> words, bool[] used)
    {
        var best = (Index: -1, Score: 0.0);
        for (var i = 0; i < words.Count; i++)
        {
            if (used[i])
            {
                continue;
            }
            var score = WordScore(expected, words[i]);
            if (score > best.Score)
            {
                best = (i, score);
            }
        }
        return best;
    }

    private double WordScore(string expected, string word)
    {
        if (expected == word)
        {
            return 1;
        }
        if (expected.Any(TextScript.IsCjk))
        {
            // An ASR homophone (同音字) is the word heard right and written wrong.
            return Pinyin.TermOf(expected) is { } sound && sound == Pinyin.TermOf(word) ? 0.9 : 0;
        }
        return Math.Min(expected.Length, word.Length) < _options.MinFuzzyLength ? 0 : Levenshtein.Similarity(expected, word);
    }

    /// <summary>Characters of a Chinese answer against the expected ones, for answers segmented into other words.</summary>
    private double CjkSimilarity(string answer, string expected)
    {
        if (!expected.Any(TextScript.IsCjk) || expected.Length < _options.MinFuzzyLength)
        {
            return 0;
        }
        var score = Levenshtein.Similarity(answer, expected);
        return score >= _options.WordSimilarity ? score : 0;
    }
}
