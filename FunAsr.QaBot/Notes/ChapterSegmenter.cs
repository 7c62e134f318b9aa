using System.Text.RegularExpressions;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// Splits a lecture into topical sections, after TextTiling (Hearst, "TextTiling: segmenting text into multi-paragraph subtopic
/// passages", CL 1997): at each gap between sentences the words of the block before are compared with the block after
/// (cosine of TF-IDF weights within the lecture), and a gap is a boundary where that similarity dips deep below its
/// neighbours. A long pause and a topic-opening phrase ("Let's move on to…", "接下来讲…") add to a gap's depth (Passonneau &amp;
/// Litman's cue phrases). Boundaries are taken deepest first, no two closer than a minimum section. Linear in the sentences.
/// </summary>
public static partial class ChapterSegmenter
{
    public sealed record Options
    {
        /// <summary>Sentences per block compared on each side of a gap: one per this many sentences, within bounds.</summary>
        public int SentencesPerBlockSentence { get; init; } = 15;
        public int MinBlock { get; init; } = 3;
        public int MaxBlock { get; init; } = 10;

        /// <summary>A section holds at least this many sentences and lasts at least <see cref="MinSeconds"/>.</summary>
        public int MinSentences { get; init; } = 8;
        public double MinSeconds { get; init; } = 60;

        /// <summary>At most one section per this many seconds of lecture.</summary>
        public double SecondsPerChapter { get; init; } = 90;
        public int MaxChapters { get; init; } = 20;

        /// <summary>Weight of a pause (in standard deviations above the lecture's typical pause) and of a cue phrase.</summary>
        public double PauseWeight { get; init; } = 0.05;
        public double CueWeight { get; init; } = 0.25;

        /// <summary>A gap is a boundary when its score is at least the mean plus this many standard deviations.</summary>
        public double Threshold { get; init; } = 2.0;
    }

    /// <summary>Start sentence index of each section, the first always 0.</summary>
    public static List<int> Split(IReadOnlyList<IReadOnlyList<string>> terms, IReadOnlyList<(double Start, double End)> times, IReadOnlyList<string> texts, Options? options = null)
    {
        options ??= new Options();
        var n = terms.Count;
        var starts = new List<int> { 0 };
        if (n < options.MinSentences * 2)
        {
            return starts;
        }
        var block = Math.Clamp(n / options.SentencesPerBlockSentence, options.MinBlock, options.MaxBlock);
        var vectors = Weights(terms);

        // Similarity across each gap g (between sentence g-1 and g), from running block sums.
        var similarity = new double[n];
        for (var g = 1; g < n; g++)
        {
            similarity[g] = Cosine(vectors, Math.Max(0, g - block), g, g, Math.Min(n, g + block));
        }
        var depth = new double[n];
        for (var g = 1; g < n; g++)
        {
            var left = similarity[g];
            for (var k = g - 1; k >= 1 && similarity[k] >= left; k--)
            {
                left = similarity[k];
            }
            var right = similarity[g];
            for (var k = g + 1; k < n && similarity[k] >= right; k++)
            {
                right = similarity[k];
            }
            depth[g] = left - similarity[g] + (right - similarity[g]);
        }
        var pauses = new double[n];
        for (var g = 1; g < n; g++)
        {
            pauses[g] = Math.Max(0, times[g].Start - times[g - 1].End);
        }
        var (pauseMean, pauseSd) = MeanSd(pauses.Skip(1));
        var score = new double[n];
        for (var g = 1; g < n; g++)
        {
            var pause = pauseSd > 0 ? Math.Max(0, (pauses[g] - pauseMean) / pauseSd) : 0;
            score[g] = depth[g] + options.PauseWeight * Math.Min(pause, 4) + (Cue().IsMatch(texts[g]) ? options.CueWeight : 0);
        }
        var (mean, sd) = MeanSd(score.Skip(1));
        var duration = times[^1].End - times[0].Start;
        var maxChapters = Math.Clamp((int)(duration / options.SecondsPerChapter), 1, options.MaxChapters);
        foreach (var g in Enumerable.Range(1, n - 1).Where(g => score[g] >= mean + options.Threshold * sd).OrderByDescending(g => score[g]))
        {
            if (starts.Count >= maxChapters)
            {
                break;
            }
            if (starts.Append(n).All(s => Math.Abs(s - g) >= options.MinSentences && Math.Abs(TimeAt(times, s, n) - times[g].Start) >= options.MinSeconds))
            {
                starts.Add(g);
            }
        }
        starts.Sort();
        return starts;
    }

    private static double TimeAt(IReadOnlyList<(double Start, double End)> times, int index, int n) => index >= n ? times[^1].End : times[index].Start;

    /// <summary>Per sentence, its terms weighted by term frequency times log inverse sentence frequency within the lecture.</summary>
    private static List<Dictionary<string, double>> Weights(IReadOnlyList<IReadOnlyList<string>> terms)
    {
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in terms)
        {
            foreach (var term in sentence.Distinct())
            {
                frequency[term] = frequency.GetValueOrDefault(term) + 1;
            }
        }
        var n = terms.Count;
        return terms.Select(sentence => sentence
                .GroupBy(t => t, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count() * Math.Log((double)n / frequency[g.Key]), StringComparer.Ordinal))
            .ToList();
    }

    private static double Cosine(List<Dictionary<string, double>> vectors, int aStart, int aEnd, int bStart, int bEnd)
    {
        var a = Sum(vectors, aStart, aEnd);
        var b = Sum(vectors, bStart, bEnd);
        double dot = 0, na = 0, nb = 0;
        foreach (var (term, weight) in a)
        {
            na += weight * weight;
            if (b.TryGetValue(term, out var other))
            {
                dot += weight * other;
            }
        }
        foreach (var weight in b.Values)
        {
            nb += weight * weight;
        }
        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : 0;
    }

    private static Dictionary<string, double> Sum(List<Dictionary<string, double>> vectors, int start, int end)
    {
        var sum = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = start; i < end; i++)
        {
            foreach (var (term, weight) in vectors[i])
            {
                sum[term] = sum.GetValueOrDefault(term) + weight;
            }
        }
        return sum;
    }

    private static (double Mean, double Sd) MeanSd(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return (0, 0);
        }
        var mean = list.Average();
        return (mean, Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count));
    }

    /// <summary>Phrases that open a new topic at the start of a sentence.</summary>
    public static bool OpensTopic(string sentence) => Cue().IsMatch(sentence);

    [GeneratedRegex(@"^\W*(?:(?:so|okay|ok|right|alright|all right|good|well|now)\b,?\s+)?(?:let's|let us|we'll|we will|i'll|i want to|time to)\s+(?:start|begin|move|turn|talk|look|go|finish|end|come|get)\b|^\W*(?:(?:so|okay|ok|right|alright|good|well)\b,?\s+)?(?:moving on|next|now|finally|lastly|first|firstly|second|secondly|third|to begin|to start|turning to|on to|another|that brings us|which brings us|our (?:next|last|final)|the (?:next|last|final|first|second|third) (?:part|topic|section|area|thing|step|point))\b|^\W*(?:好的?|那么|好了|OK)?[，,]?\s*(?:首先|接下来|下面|然后(?:讲|是|说|看|来|我们)|再来|再说|再讲|最后|其次|现在(?:我们)?(?:来|讲|说)|我们(?:再|来|接着)(?:看|讲|说)|第[一二三四五六七八九十]+(?:部分|个方面|块|个话题|个问题|点))", RegexOptions.IgnoreCase)]
    private static partial Regex Cue();
}
