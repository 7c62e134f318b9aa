namespace FunAsr.QaBot.Notes;

/// <summary>
/// Sentence centrality by PageRank over a sentence-similarity graph (Mihalcea &amp; Tarau, "TextRank", EMNLP 2004):
/// similarity is the term overlap normalised by the logarithms of the sentence lengths.
/// </summary>
public static class TextRank
{
    private const double Damping = 0.85;
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-6;

    public static double[] Rank(IReadOnlyList<HashSet<string>> sentences)
    {
        var n = sentences.Count;
        var weights = new double[n, n];
        var outWeight = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var overlap = sentences[i].Count(sentences[j].Contains);
                if (overlap == 0)
                {
                    continue;
                }
                var similarity = overlap / (Math.Log(sentences[i].Count + 1) + Math.Log(sentences[j].Count + 1));
                weights[i, j] = weights[j, i] = similarity;
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
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if (weights[j, i] > 0)
                    {
                        sum += weights[j, i] / outWeight[j] * scores[j];
                    }
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
}
