namespace FunAsr.QaBot.Notes;

/// <summary>
/// Sentence centrality by PageRank over a sentence-similarity graph (Mihalcea &amp; Tarau, "TextRank", EMNLP 2004): similarity is
/// the term overlap normalised by the logarithms of the sentence lengths. Edges join only sentences within
/// <see cref="Window"/> of each other and are found through an inverted index, so time and memory grow with the number of
/// sentences (times the window), never with its square: a lecture of any length stays bounded. Up to the window's size the
/// graph is the complete one.
/// </summary>
public static class SentenceRank
{
    /// <summary>How many sentences before and after a sentence it is compared with (a lecture's topic lasts minutes, not hours).</summary>
    public const int Window = 64;

    private const double Damping = 0.85;
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-6;

    public static double[] Rank(IReadOnlyList<IReadOnlySet<string>> sentences)
    {
        var n = sentences.Count;
        var edges = new List<(int To, double Weight)>[n];
        var outWeight = new double[n];
        for (var i = 0; i < n; i++)
        {
            edges[i] = [];
        }
        // Postings of each term over the sentences seen in the last window; each sentence meets only its neighbours.
        var recent = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
        var overlap = new Dictionary<int, int>();
        for (var j = 0; j < n; j++)
        {
            overlap.Clear();
            foreach (var term in sentences[j])
            {
                if (!recent.TryGetValue(term, out var postings))
                {
                    recent[term] = postings = new Queue<int>();
                }
                while (postings.Count > 0 && postings.Peek() < j - Window)
                {
                    postings.Dequeue();
                }
                foreach (var i in postings)
                {
                    overlap[i] = overlap.GetValueOrDefault(i) + 1;
                }
                postings.Enqueue(j);
            }
            foreach (var (i, shared) in overlap)
            {
                var similarity = shared / (Math.Log(sentences[i].Count + 1) + Math.Log(sentences[j].Count + 1));
                edges[i].Add((j, similarity));
                edges[j].Add((i, similarity));
                outWeight[i] += similarity;
                outWeight[j] += similarity;
            }
        }
        var scores = Enumerable.Repeat(1.0, n).ToArray();
        var next = new double[n];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Fill(next, 1 - Damping);
            for (var j = 0; j < n; j++)
            {
                if (outWeight[j] <= 0)
                {
                    continue;
                }
                var share = Damping * scores[j] / outWeight[j];
                foreach (var (to, weight) in edges[j])
                {
                    next[to] += share * weight;
                }
            }
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                change += Math.Abs(next[i] - scores[i]);
            }
            (scores, next) = (next, scores);
            if (change < Tolerance)
            {
                break;
            }
        }
        return scores;
    }
}
