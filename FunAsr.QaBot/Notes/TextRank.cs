namespace FunAsr.QaBot.Notes;

/// <summary>
/// Sentence centrality by PageRank over a sentence-similarity graph (Mihalcea &amp; Tarau, "TextRank", EMNLP 2004):
/// similarity is the term overlap normalised by the logarithms of the sentence lengths. The graph is kept sparse, as
/// lists of the non-zero edges, and each sentence is compared with those within <see cref="Window"/> places of it: a
/// lecture up to that size gets the complete graph, a longer one a band along the talk, so memory and time grow with the
/// lecture's length instead of its square (a dense 20,000-sentence matrix alone was 3.2 GB).
/// </summary>
public static class TextRank
{
    /// <summary>Sentences compared on each side; lectures of up to this many sentences get the complete graph.</summary>
    public const int Window = 256;

    private const double Damping = 0.85;
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-6;

    public static double[] Rank(IReadOnlyList<HashSet<string>> sentences)
    {
        var n = sentences.Count;
        var terms = TermIds(sentences);
        var edges = new List<(int To, double Weight)>[n];
        for (var i = 0; i < n; i++) edges[i] = [];
        var outWeight = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n && j - i <= Window; j++)
            {
                var overlap = Overlap(terms[i], terms[j]);
                if (overlap == 0)
                {
                    continue;
                }
                var similarity = overlap / (Math.Log(sentences[i].Count + 1) + Math.Log(sentences[j].Count + 1));
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
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                // The graph is undirected, so the edges into i are its own edge list.
                var sum = 0.0;
                foreach (var (j, weight) in edges[i])
                {
                    sum += weight / outWeight[j] * scores[j];
                }
                next[i] = (1 - Damping) + Damping * sum;
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

    /// <summary>Each sentence's terms as sorted numbers, so an overlap is a merge of two short arrays, not string hashing.</summary>
    private static int[][] TermIds(IReadOnlyList<HashSet<string>> sentences)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new int[sentences.Count][];
        for (var i = 0; i < sentences.Count; i++)
        {
            var row = new int[sentences[i].Count];
            var k = 0;
            foreach (var term in sentences[i])
            {
                if (!ids.TryGetValue(term, out var id)) ids[term] = id = ids.Count;
                row[k++] = id;
            }
            Array.Sort(row);
            result[i] = row;
        }
        return result;
    }

    private static int Overlap(int[] a, int[] b)
    {
        int overlap = 0, x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                overlap++;
                x++;
                y++;
            }
            else if (a[x] < b[y])
            {
                x++;
            }
            else
            {
                y++;
            }
        }
        return overlap;
    }
}
