namespace FunAsr.Text.Analysis;

/// <summary>
/// Chinese synonyms from the extended Tongyici Cilin (同义词词林, HIT-IR) as shipped in jieba.NET 0.42.2's
/// <c>cn_synonym.txt</c>, embedded in this assembly at build. Its codes ("Hj45C01=") place every word in a five-level tree:
/// words of one "=" atom group mean the same (<see cref="Of"/>); the other words of the same word group (the code's first five
/// characters: 吃饭 and 进餐, 起火 and 烧) and of a "#" group (related things) are near in meaning (<see cref="RelatedOf"/>).
/// Only words of two or more characters are offered: single characters are too loose to match answers by.
/// </summary>
public static class ChineseSynonyms
{
    private const int MaxPerWord = 12;
    private const int MaxRelatedPerWord = 24;

    private static readonly Lazy<(Dictionary<string, string[]> Equal, Dictionary<string, string[]> Related)> Tables = new(Load);

    public static IReadOnlyList<string> Of(string word) => Tables.Value.Equal.TryGetValue(word, out var synonyms) ? synonyms : [];

    public static IReadOnlyList<string> RelatedOf(string word) => Tables.Value.Related.TryGetValue(word, out var related) ? related : [];

    private static (Dictionary<string, string[]>, Dictionary<string, string[]>) Load()
    {
        using var stream = typeof(ChineseSynonyms).Assembly.GetManifestResourceStream("FunAsr.Text.Analysis.cilin.txt")
            ?? throw new InvalidOperationException("The Cilin synonym table is not embedded in FunAsr.Text.");
        using var reader = new StreamReader(stream);
        var equal = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var near = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var wordGroups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            // "Hj23B01= 辞职 退职 告退 …": an eight-character code whose last character says equal (=), related (#) or alone (@).
            if (line.Length < 9 || line[7] is not ('=' or '#'))
            {
                continue;
            }
            var words = line[8..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();
            if (words.Length < 2 || words.Length > 24)
            {
                continue; // Very large groups are loose categories ("people", "things"), not synonyms.
            }
            Link(line[7] == '=' ? equal : near, words);
            var group = line[..5];
            if (!wordGroups.TryGetValue(group, out var members))
            {
                wordGroups[group] = members = [];
            }
            members.AddRange(words);
        }
        foreach (var members in wordGroups.Values.Where(m => m.Count <= 48))
        {
            Link(near, members.Distinct().ToArray());
        }
        var equalTable = equal.ToDictionary(p => p.Key, p => p.Value.Take(MaxPerWord).ToArray(), StringComparer.Ordinal);
        var relatedTable = near.ToDictionary(
            p => p.Key,
            p => p.Value.Where(w => !equalTable.TryGetValue(p.Key, out var same) || !same.Contains(w)).Take(MaxRelatedPerWord).ToArray(),
            StringComparer.Ordinal);
        return (equalTable, relatedTable);
    }

    // Every word of the group (a single character too, as the word looked up) is offered the group's longer words.
    private static void Link(Dictionary<string, List<string>> table, string[] words)
    {
        foreach (var word in words)
        {
            if (!table.TryGetValue(word, out var list))
            {
                table[word] = list = [];
            }
            list.AddRange(words.Where(w => w != word && w.Length >= 2 && !list.Contains(w)));
        }
    }
}
