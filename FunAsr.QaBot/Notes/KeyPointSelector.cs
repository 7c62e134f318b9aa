using FunAsr.Text.Joining;
using FunAsr.QaBot.Retrieval;
using FunAsr.Text.Concepts;
using FunAsr.Text.Scripts;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// Picks the sentences worth keeping: central (<see cref="SentenceRank"/>), about the lecture's concepts, of a readable length,
/// spread over its chapters. A sentence that opens with an anaphor ("That sends it…", "这样做…") brings the sentence before it,
/// so every pick reads on its own; picks that say nearly the same thing (most of their terms shared) are merged into one.
/// </summary>
public sealed class KeyPointSelector
{
    private const double DuplicateOverlap = 0.6;

    /// <summary>Sentences the glossary already shows as definitions count a little less, so key points add to the glossary.</summary>
    private const double DefinitionWeight = 0.8;

    private readonly IReadOnlyList<TimedSentence> _sentences;
    private readonly double[] _scores;

    public KeyPointSelector(IReadOnlyList<TimedSentence> sentences, IReadOnlyList<Concept> concepts, bool cjk)
    {
        _sentences = sentences;
        var ranks = SentenceRank.Rank(sentences.Select(s => s.TermSet).ToList());
        var maxRank = ranks.Length > 0 ? ranks.Max() : 1;
        var conceptWeight = new double[sentences.Count];
        var defining = new HashSet<int>();
        var top = concepts.Count > 0 ? concepts.Max(c => c.Score) : 1;
        foreach (var concept in concepts)
        {
            foreach (var s in concept.Sentences)
            {
                conceptWeight[s] += concept.Score / top;
            }
            if (concept.Definition is { Kind: DefinitionKind.Defines } d)
            {
                defining.Add(d.Sentence);
            }
        }
        _scores = new double[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            var text = sentences[i].Text;
            var units = TextScript.Units(text);
            var length = units < (cjk ? 10 : 5) ? 0.2 : units > (cjk ? 70 : 30) ? 0.7 : 1.0;
            var question = text.TrimEnd().EndsWith('?') || text.TrimEnd().EndsWith('？') ? 0.2 : 1.0;
            _scores[i] = ranks[i] / maxRank * (1 + Math.Min(conceptWeight[i], 2)) * length * question * (defining.Contains(i) ? DefinitionWeight : 1.0);
        }
    }

    public double Score(int sentence) => _scores[sentence];

    /// <summary>About <paramref name="count"/> key points, at least one from each chapter, in lecture order.</summary>
    public List<KeyPoint> Select(int count, IReadOnlyList<int> chapterStarts)
    {
        var chosen = new List<(int First, int Last)>();
        var bounds = chapterStarts.Append(_sentences.Count).ToList();
        // Each chapter's best sentence first, then the best of the rest wherever they are.
        var order = Enumerable.Range(0, chapterStarts.Count)
            .Select(c => Best(bounds[c], bounds[c + 1]))
            .Where(i => i >= 0)
            .Concat(Enumerable.Range(0, _sentences.Count).OrderByDescending(i => _scores[i]))
            .ToList();
        foreach (var i in order)
        {
            if (chosen.Count >= count)
            {
                break;
            }
            TryAdd(i, chosen);
        }
        return chosen.OrderBy(c => c.First).Select(c => Point(c.First, c.Last)).ToList();
    }

    /// <summary>The one or two sentences that best sum up a chapter, as one text.</summary>
    public KeyPoint Summarise(int start, int end, int sentences)
    {
        var chosen = new List<(int First, int Last)>();
        foreach (var i in Enumerable.Range(start, end - start).OrderByDescending(i => _scores[i]))
        {
            if (chosen.Sum(c => c.Last - c.First + 1) >= sentences)
            {
                break;
            }
            TryAdd(i, chosen, start);
        }
        chosen.Sort();
        if (chosen.Count == 0)
        {
            return Point(start, start);
        }
        var text = TextJoiner.Join(chosen.SelectMany(c => Enumerable.Range(c.First, c.Last - c.First + 1)).Distinct().Order().Select(i => _sentences[i].Text));
        return new KeyPoint(text, _sentences[chosen[0].First].Start, _sentences[chosen[^1].Last].End);
    }

    private int Best(int start, int end) => end > start ? Enumerable.Range(start, end - start).MaxBy(i => _scores[i]) : -1;

    private void TryAdd(int i, List<(int First, int Last)> chosen, int floor = 0)
    {
        if (Anaphora.ReadsAloneFrom(k => _sentences[k].Text, i, floor) is not { } first)
        {
            return; // the sentence it leans on is in another chapter, or the chain is too long: it would not read alone
        }
        if (chosen.Any(c => first <= c.Last && i >= c.First))
        {
            return; // already said, or part of a point already taken
        }
        var terms = Terms(first, i);
        if (chosen.Any(c => Overlap(terms, Terms(c.First, c.Last)) >= DuplicateOverlap))
        {
            return;
        }
        chosen.Add((first, i));
    }

    private HashSet<string> Terms(int first, int last)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var k = first; k <= last; k++)
        {
            set.UnionWith(_sentences[k].TermSet);
        }
        return set;
    }

    private static double Overlap(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 || b.Count == 0 ? 0 : (double)a.Count(b.Contains) / Math.Min(a.Count, b.Count);

    private KeyPoint Point(int first, int last) =>
        new(TextJoiner.Join(Enumerable.Range(first, last - first + 1).Select(k => _sentences[k].Text)), _sentences[first].Start, _sentences[last].End);
}
