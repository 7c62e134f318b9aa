using System.Diagnostics;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Notes;
using FunAsr.QaBot.Retrieval;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FunAsr.Tests.QaBot;

/// <summary>Extractive notes stay bounded for any lecture size: the similarity graph is sparse and banded, not a dense matrix.</summary>
public sealed class NotesScaleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(40)]
    [InlineData(SentenceRank.Window + 1)]
    public void Within_the_window_the_ranks_are_exactly_those_of_the_complete_graph(int sentences)
    {
        var random = new Random(sentences);
        var vocabulary = Enumerable.Range(0, 60).Select(i => $"w{i}").ToArray();
        var sets = Enumerable.Range(0, sentences)
            .Select(_ => Enumerable.Range(0, random.Next(0, 12)).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToHashSet())
            .ToList();

        var dense = DenseTextRank(sets);
        var sparse = SentenceRank.Rank(sets.Select(s => (IReadOnlySet<string>)s).ToList());
        Assert.All(dense.Zip(sparse), p => Assert.Equal(p.First, p.Second, 1e-9));
    }

    [Fact]
    public void Past_the_window_sentences_far_apart_are_not_compared()
    {
        // Two sentences sharing a rare term, further apart than the window, with unrelated ones between.
        var sets = Enumerable.Range(0, SentenceRank.Window + 10).Select(i => new HashSet<string> { $"filler{i}" }).ToList();
        sets[0].Add("rare");
        sets[^1].Add("rare");

        var ranks = SentenceRank.Rank(sets.Select(s => (IReadOnlySet<string>)s).ToList());

        Assert.All(ranks, r => Assert.Equal(1 - 0.85, r, 1e-12));
    }

    [Theory]
    [InlineData("onboarding-en", "en", "In session {0}, ")]
    [InlineData("onboarding-zh", "zh", "第{0}节：")]
    public void A_1_mb_lecture_gets_notes_without_gigabytes(string fixture, string language, string prefix)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "QaBot", fixture + ".txt")).Where(l => l.Length > 0).ToArray();
        var segments = new List<TranscriptSegment>();
        var bytes = 0L;
        for (var round = 0; bytes < 1_000_000; round++)
        {
            foreach (var line in lines)
            {
                var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, prefix, round + 1) + line;
                segments.Add(new TranscriptSegment(segments.Count, segments.Count * 5.0, segments.Count * 5.0 + 5, text));
                bytes += System.Text.Encoding.UTF8.GetByteCount(text);
            }
        }

        var lecture = new Lecture("big", "A long lecture", language, segments.Count * 5.0, DateTimeOffset.UnixEpoch, "test", "hash", false, 0, segments);
        var builder = new ExtractiveNotesBuilder(new PassageChunker(Options.Create(new QaBotOptions())), new FunAsr.Text.Concepts.ConceptExtractor());
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var notes = builder.Build(lecture);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"{bytes:N0} bytes, {segments.Count:N0} segments: {allocated / 1e6:0} MB allocated in all, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.InRange(notes.KeyPoints.Count, 1, 12);
        Assert.False(string.IsNullOrWhiteSpace(notes.Summary));
        // A dense matrix for these ~10,000+ sentences alone would be 800 MB and more, and it grows with the square; here every
        // stage is linear: allocations (not memory held) stay within a fixed budget per segment (concept extraction
        // segments and pattern-matches each sentence, most of it).
        Assert.True(allocated < segments.Count * 200_000L, $"{allocated:N0} bytes allocated");
    }

    /// <summary>The textbook form over a dense matrix, as the notes computed it before.</summary>
    private static double[] DenseTextRank(IReadOnlyList<HashSet<string>> sentences)
    {
        var n = sentences.Count;
        var weights = new double[n, n];
        var outWeight = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var overlap = sentences[i].Count(sentences[j].Contains);
                if (overlap == 0) continue;
                var similarity = overlap / (Math.Log(sentences[i].Count + 1) + Math.Log(sentences[j].Count + 1));
                weights[i, j] = weights[j, i] = similarity;
                outWeight[i] += similarity;
                outWeight[j] += similarity;
            }
        }

        var scores = Enumerable.Repeat(1.0, n).ToArray();
        var next = new double[n];
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if (weights[j, i] > 0) sum += weights[j, i] / outWeight[j] * scores[j];
                }

                next[i] = (1 - 0.85) + 0.85 * sum;
                change += Math.Abs(next[i] - scores[i]);
            }

            (scores, next) = (next, scores);
            if (change < 1e-6) break;
        }

        return scores;
    }
}
