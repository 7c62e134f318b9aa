namespace FunAsr.Text.Concepts;

public enum WordClass : byte { Noun, Verb, Adjective, Adverb }

/// <summary>
/// English words with the parts of speech WordNet 3.0 lists them in, and how often its sense-tagged corpus tagged them in
/// each (Data/en-lexicon.tsv, made by Data/make_english_lexicon.py): the concept extractor's part-of-speech signal (a noun
/// phrase ends on a noun; verbs, adverbs and superlatives are never part of one) and its measure of how general a word is.
/// Inflected forms are found the way WordNet's morphy does: its irregular forms, then its suffix rules.
/// </summary>
public sealed class EnglishLexicon
{
    private static readonly Lazy<EnglishLexicon> Instance = new(Load);

    /// <summary>Per word: tagged counts (noun, verb, adjective, adverb), -1 where WordNet does not list the word so.</summary>
    private readonly Dictionary<string, int[]> _counts;

    /// <summary>Irregular forms and their lemmas (went → go as a verb, best → good as an adjective).</summary>
    private readonly Dictionary<string, (string Lemma, WordClass Class)[]> _irregular;

    private EnglishLexicon(Dictionary<string, int[]> counts, Dictionary<string, (string, WordClass)[]> irregular)
    {
        _counts = counts;
        _irregular = irregular;
    }

    public static EnglishLexicon Shared => Instance.Value;

    // WordNet's morphy suffix rules (morph.c), per word class.
    private static readonly (string Suffix, string Ending)[][] Rules =
    [
        [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")],
        [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
        [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        [],
    ];

    /// <summary>Whether WordNet lists the word itself (not an inflection of it) in this class.</summary>
    public bool Lists(string lower, WordClass wordClass) => _counts.TryGetValue(lower, out var c) && c[(int)wordClass] >= 0;

    /// <summary>How often the corpus tagged this form in this class, through its lemma; -1 when it cannot be one.</summary>
    public int Count(string lower, WordClass wordClass)
    {
        var best = Get(lower, wordClass);
        if (_irregular.TryGetValue(lower, out var lemmas))
        {
            foreach (var (lemma, c) in lemmas)
            {
                if (c == wordClass)
                {
                    best = Math.Max(best, Get(lemma, wordClass));
                }
            }
        }
        foreach (var (suffix, ending) in Rules[(int)wordClass])
        {
            if (lower.Length > suffix.Length + 1 && lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                best = Math.Max(best, Get(string.Concat(lower.AsSpan(0, lower.Length - suffix.Length), ending), wordClass));
            }
        }
        return best;
    }

    public bool CanBe(string lower, WordClass wordClass) => Count(lower, wordClass) >= 0;

    /// <summary>
    /// A comparative or superlative (best, simplest, safer): an irregular form of an adjective, or an -er/-est form of one
    /// that WordNet does not list as a word of its own (higher, latest and upper are; manager and number are nouns).
    /// </summary>
    public bool IsComparative(string lower)
    {
        // "best" is also a noun and an adjective of its own in WordNet, but far more often the superlative of good.
        if (_irregular.TryGetValue(lower, out var lemmas) && lemmas.Any(l => l.Class is WordClass.Adjective or WordClass.Adverb)
            && Get(lower, WordClass.Noun) <= Math.Max(Get(lower, WordClass.Adjective), Get(lower, WordClass.Adverb)))
        {
            return true;
        }
        return (lower.EndsWith("est", StringComparison.Ordinal) || lower.EndsWith("er", StringComparison.Ordinal))
            && !Lists(lower, WordClass.Adjective) && !CanBe(lower, WordClass.Noun) && !CanBe(lower, WordClass.Verb) && CanBe(lower, WordClass.Adjective);
    }

    private int Get(string lemma, WordClass wordClass) => _counts.TryGetValue(lemma, out var c) ? c[(int)wordClass] : -1;

    private static EnglishLexicon Load()
    {
        using var stream = typeof(EnglishLexicon).Assembly.GetManifestResourceStream("FunAsr.Text.Concepts.en-lexicon.tsv")
            ?? throw new InvalidOperationException("The English lexicon is not embedded in FunAsr.Text.");
        using var reader = new StreamReader(stream);
        var counts = new Dictionary<string, int[]>(48_000, StringComparer.Ordinal);
        var irregular = new Dictionary<string, (string, WordClass)[]>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var fields = line.Split('\t');
            var entry = new int[4];
            var listed = false;
            for (var i = 0; i < 4; i++)
            {
                entry[i] = fields[i + 1] == "-" ? -1 : int.Parse(fields[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                listed |= entry[i] >= 0;
            }
            if (listed)
            {
                counts[fields[0]] = entry;
            }
            if (fields.Length > 5)
            {
                irregular[fields[0]] = fields[5].Split(' ').Select(e => (e[..^2], e[^1] switch
                {
                    'n' => WordClass.Noun,
                    'v' => WordClass.Verb,
                    'a' => WordClass.Adjective,
                    _ => WordClass.Adverb,
                })).ToArray();
            }
        }
        return new EnglishLexicon(counts, irregular);
    }
}
