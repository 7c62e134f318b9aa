namespace FunAsr.Text.Analysis;

/// <summary>
/// English synonyms from WordNet 3.0 (Data/en-synonyms.tsv, made by Data/make_english_synonyms.py): the one-word lemmas of a
/// word's most frequent senses, keyed and returned as stems, so "reserve" also looks for "book" and "kids" for "child".
/// </summary>
public static class EnglishSynonyms
{
    private static readonly Lazy<Dictionary<string, string[]>> Table = new(Load);

    /// <summary>Stems of the synonyms of an English stem.</summary>
    public static IReadOnlyList<string> Of(string stem) => Table.Value.TryGetValue(stem, out var synonyms) ? synonyms : [];

    private static Dictionary<string, string[]> Load()
    {
        using var stream = typeof(EnglishSynonyms).Assembly.GetManifestResourceStream("FunAsr.Text.Analysis.en-synonyms.tsv")
            ?? throw new InvalidOperationException("The English synonym table is not embedded in FunAsr.Text.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t');
            if (line.StartsWith('#') || tab < 0)
            {
                continue;
            }
            var stem = TermAnalyzer.Stem(line[..tab]);
            if (!table.TryGetValue(stem, out var synonyms))
            {
                table[stem] = synonyms = [];
            }
            foreach (var synonym in line[(tab + 1)..].Split(' ').Select(TermAnalyzer.Stem))
            {
                if (synonym != stem && !synonyms.Contains(synonym) && !StopWords.English.Contains(synonym))
                {
                    synonyms.Add(synonym);
                }
            }
        }
        return table.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
