using System.Diagnostics;
using System.Text;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Notes;
using Xunit.Abstractions;

namespace FunAsr.Tests.Notes;

public sealed class ExtractiveNotesTests(ITestOutputHelper output)
{
    private static Lecture Lecture(string language, IEnumerable<string> sentences, double pause = 0.4)
    {
        var segments = new List<TranscriptSegment>();
        var clock = 0.0;
        foreach (var sentence in sentences)
        {
            var duration = Math.Max(1, FunAsr.Text.Scripts.TextScript.Units(sentence) / 4.5);
            segments.Add(new TranscriptSegment(segments.Count, Math.Round(clock, 2), Math.Round(clock + duration, 2), sentence));
            clock += duration + pause;
        }
        return new Lecture("lecture", "A lecture", language, clock, DateTimeOffset.UnixEpoch, "test", "hash", true, 0, segments);
    }

    [Fact]
    public void A_key_point_that_opens_with_an_anaphor_brings_the_sentence_it_points_back_to()
    {
        var builder = NotesEvaluation.Builder();
        foreach (var item in NotesEvaluation.Tuning().Concat(NotesEvaluation.Dev()))
        {
            var notes = builder.Build(item.Lecture);
            var sentences = item.Lecture.Segments.SelectMany(s => FunAsr.QaBot.Retrieval.SentenceSplitter.Split(s.Text)).ToList();
            foreach (var point in notes.KeyPoints.Concat(notes.Chapters.Select(c => new KeyPoint(c.Summary, c.SummaryStart))))
            {
                var first = sentences.First(s => point.Text.StartsWith(s, StringComparison.Ordinal));
                var index = sentences.IndexOf(first);
                // Not even at a chapter's start: a sentence whose antecedent is in the chapter before is not taken.
                Assert.True(index == 0 || !FunAsr.Text.Concepts.Anaphora.StartsWithAnaphor(first),
                    $"{item.Lecture.Id}: \"{point.Text}\" starts with an anaphor without its antecedent");
            }
        }
    }

    [Fact]
    public void Near_duplicate_sentences_become_one_key_point()
    {
        var sentences = new List<string>();
        for (var topic = 0; topic < 6; topic++)
        {
            sentences.Add($"The retention schedule for archive class {topic} keeps signed contracts for seven years in the vault.");
            sentences.Add($"Again: the retention schedule for archive class {topic} keeps signed contracts for seven years in the vault.");
            sentences.AddRange(Enumerable.Range(0, 6).Select(k => $"Filler sentence number {k} about shelving row {topic * 10 + k} and the labels on boxes."));
        }
        var notes = NotesEvaluation.Builder().Build(Lecture("en", sentences));
        var texts = notes.KeyPoints.Select(k => k.Text).ToList();
        foreach (var topic in Enumerable.Range(0, 6))
        {
            Assert.True(texts.Count(t => t.Contains($"archive class {topic} ", StringComparison.Ordinal)) <= 1, string.Join("\n", texts));
        }
    }

    [Fact]
    public void Chapters_export_as_webvtt_chapter_cues()
    {
        var item = NotesEvaluation.Tuning().First(l => l.Lecture.Language == "en");
        var notes = NotesEvaluation.Builder().Build(item.Lecture);
        var vtt = NotesWebVtt.Render(notes);
        output.WriteLine(vtt);
        var blocks = vtt.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("WEBVTT", blocks[0]);
        Assert.Equal(notes.Chapters.Count, blocks.Length - 1);
        for (var i = 0; i < notes.Chapters.Count; i++)
        {
            var lines = blocks[i + 1].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0]);
            Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$", lines[1]);
            Assert.Equal(notes.Chapters[i].Title, lines[2]);
            Assert.Equal(TimeSpan.FromSeconds(notes.Chapters[i].Start).ToString(@"hh\:mm\:ss\.fff"), lines[1][..12]);
        }
        Assert.Contains("## Chapters", notes.Markdown);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void A_very_large_lecture_gets_notes_in_bounded_memory(string language)
    {
        // About 1 MB of transcript: tens of thousands of sentences over many topics. Every stage is linear (windowed ranks,
        // block similarities, per-sentence candidates); a sentence-by-sentence matrix alone would take gigabytes here.
        var random = new Random(22);
        string[] en = ["pallet", "invoice", "forklift", "ledger", "gasket", "router", "sensor", "valve", "audit", "badge", "locker", "bracket"];
        string[] zh = ["托盘", "发票", "叉车", "台账", "垫片", "路由器", "传感器", "阀门", "审计", "工牌", "储物柜", "支架"];
        var words = language == "en" ? en : zh;
        var sentences = new List<string>();
        var size = 0;
        while (size < 1_000_000)
        {
            var topic = sentences.Count / 400 % words.Length;
            var a = words[topic];
            var b = words[random.Next(words.Length)];
            var sentence = language == "en"
                ? $"The {a} check number {random.Next(1000)} is logged next to the {b} report before the shift ends."
                : $"第{random.Next(1000)}号{a}检查要在下班前登记，并且和{b}记录放在一起。";
            sentences.Add(sentence);
            size += Encoding.UTF8.GetByteCount(sentence);
        }
        // A quarter of the lecture, then all of it: a linear pipeline allocates about four times as much, a quadratic one sixteen.
        var quarter = Allocated(Lecture(language, sentences.Take(sentences.Count / 4)), out _, out var quarterTime);
        var allocated = Allocated(Lecture(language, sentences), out var notes, out var time);
        output.WriteLine($"{sentences.Count} sentences, {size / 1e6:F1} MB: {time:F1} s, {allocated / 1e6:F0} MB allocated; a quarter of it: {quarterTime:F1} s, {quarter / 1e6:F0} MB; {notes.Chapters.Count} chapters, {notes.Glossary.Count} terms");

        Assert.InRange(notes.Glossary.Count, 1, 15);
        Assert.InRange(notes.Chapters.Count, 2, 20);
        Assert.InRange(notes.KeyPoints.Count, 1, 12); // the generated sentences are near-duplicates of each other, so few survive
        Assert.True(allocated < quarter * 6, $"{allocated / 1e6:F0} MB allocated for the whole lecture against {quarter / 1e6:F0} MB for a quarter of it");
    }

    private static long Allocated(Lecture lecture, out LectureNotes notes, out double seconds)
    {
        // This thread's allocations only: the builder runs on it alone, and the tests running beside it allocate too.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        notes = NotesEvaluation.Builder().Build(lecture);
        seconds = watch.Elapsed.TotalSeconds;
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
