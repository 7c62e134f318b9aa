namespace FunAsr.Text.Analysis;

/// <summary>
/// Chinese-English translations of question words (CC-CEDICT, see Data/make_glossary.py), so a question asked in one language
/// can find a lecture given in the other: 病假 also looks for "sick leave", "refund" also for 退款, and the consecutive words
/// "year-end bonus" for 年终奖. A translation of several words is one term whose parts are looked for together (<see cref="Join"/>).
/// </summary>
public static class Glossary
{
    public const char PartSeparator = '+';

    private const int MaxTranslations = 6;

    /// <summary>
    /// Chinese words kept per English term, commonest first. Generous: a lecture holds few of them, and only those it holds
    /// weigh anything, so the one the lecture uses is rarely cut off.
    /// </summary>
    private const int MaxReverse = 24;

    /// <summary>The longest English phrase looked up as one translation (CC-CEDICT glosses of up to three words are kept).</summary>
    public const int MaxPhraseWords = 3;
    private static readonly Lazy<(Dictionary<string, string[]> English, Dictionary<string, string[]> Chinese)> Tables = new(Load);

    /// <summary>English terms (stemmed; a phrase as one joined term) for a Chinese word.</summary>
    public static IReadOnlyList<string> EnglishOf(string chinese) => Tables.Value.English.TryGetValue(chinese, out var terms) ? terms : [];

    /// <summary>Common Chinese words whose translation is this one English term (stemmed).</summary>
    public static IReadOnlyList<string> ChineseOf(string englishTerm) => Tables.Value.Chinese.TryGetValue(englishTerm, out var words) ? words : [];

    public static string Join(IEnumerable<string> parts) => string.Join(PartSeparator, parts);

    public static string[] Parts(string term) => term.Split(PartSeparator);

    public static bool IsJoined(string term) => term.Contains(PartSeparator);

    // Glosses are plain lower-case English: the light path of the analysis is enough and keeps loading fast.
    private static List<string> EnglishTerms(string gloss) =>
        gloss.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !StopWords.English.Contains(w))
            .Select(w => Quantities.UnitTerm(w) ?? Quantities.MonthTerm(w) ?? TermAnalyzer.Stem(w))
            .ToList();

    private static (Dictionary<string, string[]>, Dictionary<string, string[]>) Load()
    {
        using var stream = typeof(Glossary).Assembly.GetManifestResourceStream("FunAsr.Text.Analysis.zh-en.tsv")
            ?? throw new InvalidOperationException("The Chinese-English glossary is not embedded in FunAsr.Text.");
        using var reader = new StreamReader(stream);
        var english = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var chinese = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t');
            if (line.StartsWith('#') || tab < 0)
            {
                continue;
            }
            var word = line[..tab];
            var terms = new List<string>();
            foreach (var gloss in line[(tab + 1)..].Split(" | ", StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = EnglishTerms(gloss);
                if (parts.Count == 0 || parts.Count > 3)
                {
                    continue;
                }
                var term = Join(parts);
                if (!terms.Contains(term))
                {
                    terms.Add(term);
                }
                // Reverse look-up by the whole translation: "leave" → 休假, "sick leave" → 病假, never every phrase that mentions leave.
                if (!chinese.TryGetValue(term, out var words) || words.Count < MaxReverse)
                {
                    if (words is null)
                    {
                        chinese[term] = words = [];
                    }
                    words.Add(word);
                }
            }
            if (terms.Count > 0)
            {
                english[word] = terms.Take(MaxTranslations).ToArray();
            }
        }
        return (english, chinese.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }
}
