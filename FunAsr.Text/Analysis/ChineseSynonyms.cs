namespace FunAsr.Text.Analysis;

/// <summary>
/// Chinese synonyms from the extended Tongyici Cilin (同义词词林, HIT-IR) as shipped in jieba.NET 0.42.2's
/// <c>cn_synonym.txt</c>, embedded in this assembly at build. Only its "=" groups (equal meaning) are used, and only words of
/// two or more characters: the single characters and "#" (related) groups it also lists are too loose to match answers by.
/// </summary>
public static class ChineseSynonyms
{
    private const int MaxPerWord = 12;

    private static readonly Lazy<Dictionary<string, string[]>> Table = new(Load);

    public static IReadOnlyList<string> Of(string word) => Table.Value.TryGetValue(word, out var synonyms) ? synonyms : [];

    private static Dictionary<string, string[]> Load()
    {
        using var stream = typeof(ChineseSynonyms).Assembly.GetManifestResourceStream("FunAsr.Text.Analysis.cilin.txt")
            ?? throw new InvalidOperationException("The Cilin synonym table is not embedded in FunAsr.Text.");
        using var reader = new StreamReader(stream);
        var groupsOfWord = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            // "Hj23B01= 辞职 退职 告退 …": an eight-character code whose last character says equal (=), related (#) or alone (@).
            if (line.Length < 9 || line[7] != '=')
            {
                continue;
            }
            var words = line[8..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 2).Distinct().ToArray();
            if (words.Length < 2 || words.Length > 24)
            {
                continue; // Very large groups are loose categories ("people", "things"), not synonyms.
            }
            foreach (var word in words)
            {
                if (!groupsOfWord.TryGetValue(word, out var list))
                {
                    groupsOfWord[word] = list = [];
                }
                list.AddRange(words.Where(w => w != word && !list.Contains(w)));
            }
        }
        return groupsOfWord.ToDictionary(p => p.Key, p => p.Value.Take(MaxPerWord).ToArray(), StringComparer.Ordinal);
    }
}
