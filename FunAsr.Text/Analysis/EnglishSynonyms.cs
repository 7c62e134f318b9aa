namespace FunAsr.Text.Analysis;

/// <summary>
/// English synonyms from WordNet 3.0 (Data/en-synonyms.tsv, made by Data/make_english_synonyms.py): the one-word lemmas of a
/// word's most frequent senses (<see cref="Of"/>: "reserve" also looks for "book", "kids" for "child"), and of the broader
/// senses of its two commonest ones (<see cref="BroaderOf"/>: "husband" for "spouse", "buyer" for "customer"), keyed and
/// returned as stems.
/// </summary>
public static class EnglishSynonyms
{
    private static readonly Lazy<(Dictionary<string, string[]> Synonyms, Dictionary<string, string[]> Broader)> Tables = new(Load);

    /// <summary>Stems of the synonyms of an English stem.</summary>
    public static IReadOnlyList<string> Of(string stem) => Tables.Value.Synonyms.TryGetValue(stem, out var synonyms) ? synonyms : [];

    /// <summary>Stems of the broader words (hypernyms) of an English stem.</summary>
    public static IReadOnlyList<string> BroaderOf(string stem) => Tables.Value.Broader.TryGetValue(stem, out var broader) ? broader : [];

    private static (Dictionary<string, string[]>, Dictionary<string, string[]>) Load()
    {
        using var stream = typeof(EnglishSynonyms).Assembly.GetManifestResourceStream("FunAsr.Text.Analysis.en-synonyms.tsv")
            ?? throw new InvalidOperationException("The English synonym table is not embedded in FunAsr.Text.");
        using var reader = new StreamReader(stream);
        var synonyms = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var broader = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var columns = line.Split('\t');
            if (line.StartsWith('#') || columns.Length < 2)
            {
                continue;
            }
            var stem = TermAnalyzer.Stem(columns[0]);
            Add(synonyms, stem, columns[1]);
            if (columns.Length > 2)
            {
                Add(broader, stem, columns[2]);
            }
        }
        return (Freeze(synonyms), Freeze(broader));
    }

    private static void Add(Dictionary<string, List<string>> table, string stem, string words)
    {
        if (!table.TryGetValue(stem, out var list))
        {
            table[stem] = list = [];
        }
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(TermAnalyzer.Stem))
        {
            if (word != stem && !list.Contains(word) && !StopWords.English.Contains(word))
            {
                list.Add(word);
            }
        }
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> table) =>
        table.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
}
