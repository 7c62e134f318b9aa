using FunAsr.Text.Joining;
using FunAsr.Text.Analysis;
using FunAsr.Text.Scripts;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Lectures;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.Text;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// Groups whole sentences into passages of a bounded size that keep their start and end times,
/// so a citation points at the place in the recording where the answer was said.
/// </summary>
public sealed class PassageChunker(IOptions<QaBotOptions> options)
{
    /// <summary>Speaking rate used to give plain-text lectures plausible times (about 4.5 syllables a second).</summary>
    private const double UnitsPerSecond = 4.5;

    public IReadOnlyList<Passage> Chunk(Lecture lecture)
    {
        var budget = options.Value.Retrieval.MaxPassageUnits;
        var passages = new List<Passage>();
        var current = new List<TimedSentence>();
        double units = 0;
        var index = 0;
        foreach (var segment in lecture.Segments)
        {
            var timed = SentenceSplitter.SplitTimed(segment, index);
            index += timed.Count;
            foreach (var sentence in timed)
            {
                Add(sentence with { Terms = TermAnalyzer.Terms(sentence.Text) });
            }
        }
        if (current.Count > 0)
        {
            passages.Add(Build(lecture, passages.Count, current));
        }
        return passages;

        void Add(TimedSentence sentence)
        {
            var size = TextScript.Units(sentence.Text);
            if (current.Count > 0 && units + size > budget)
            {
                passages.Add(Build(lecture, passages.Count, current));
                current = [];
                units = 0;
            }
            current.Add(sentence);
            units += size;
        }
    }

    /// <summary>
    /// Turns untimed text into segments: Semantic Kernel's TextChunker breaks it into sentence-sized lines
    /// (it knows CJK and Latin punctuation), and each line gets a time from a typical speaking rate.
    /// </summary>
    public static List<TranscriptSegment> SegmentsFromPlainText(string text)
    {
        var lines = TextChunker.SplitPlainTextLines(text, maxTokensPerLine: 40, tokenCounter: TextScript.UnitCount);
        var segments = new List<TranscriptSegment>(lines.Count);
        var clock = 0.0;
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var duration = Math.Max(0.5, TextScript.Units(line) / UnitsPerSecond);
            segments.Add(new TranscriptSegment(segments.Count, Math.Round(clock, 2), Math.Round(clock + duration, 2), line));
            clock += duration;
        }
        return segments;
    }

    private static Passage Build(Lecture lecture, int ordinal, List<TimedSentence> sentences)
    {
        var text = TextJoiner.Join(sentences.Select(s => s.Text));
        return new Passage($"{lecture.Id}:p{ordinal}", lecture.Id, lecture.Title, lecture.Language, ordinal, sentences[0].Start, sentences[^1].End, text, sentences.ToArray());
    }
}
