using FunAsr.Text.Concepts;

namespace FunAsr.Learning.Knowledge;

/// <summary>Document frequencies of candidate keys across the other lectures of the library, so concepts are what is specific to a lecture.</summary>
public sealed class LibraryBackground(IReadOnlyList<IReadOnlyCollection<string>> otherLectures) : IConceptBackground
{
    private readonly Dictionary<string, int> _frequencies = otherLectures
        .SelectMany(keys => keys.Distinct())
        .GroupBy(key => key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public int Documents => otherLectures.Count;

    public int DocumentFrequency(string key) => _frequencies.GetValueOrDefault(key);
}
