using System.Text.RegularExpressions;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Telemetry;
using FunAsr.Text.Concepts;
using FunAsr.Text.Joining;
using FunAsr.Text.Scripts;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// Notes without a language model, every field a sentence of the transcript with its time: a glossary of the lecture's concepts
/// (<see cref="ConceptExtractor"/>) each with the sentence that defines or explains it; chapters (<see cref="ChapterSegmenter"/>)
/// titled by their top concepts, each summed up in one or two sentences; key points that read on their own
/// (<see cref="KeyPointSelector"/>); action items from imperative and modal sentences; fill-in-the-blank quiz questions.
/// </summary>
public sealed partial class ExtractiveNotesBuilder(PassageChunker chunker, ConceptExtractor extractor)
{
    public const string ModelName = "extractive";
    private const int MaxGlossary = 15;
    private const int TitleTerms = 2;

    public LectureNotes Build(Lecture lecture, IConceptBackground? background = null)
    {
        var passages = chunker.Chunk(lecture);
        var sentences = passages.SelectMany(p => p.Sentences).ToList();
        var passageOf = passages.SelectMany(p => p.Sentences.Select(_ => p)).ToList();
        var cjk = TextScript.IsChineseLike(lecture.Language);
        ConceptSet concepts;
        using (var span = QaTelemetry.Source.StartActivity("qabot.notes.concepts"))
        {
            concepts = extractor.Extract(sentences.Select((s, i) => new ConceptSentence(i, s.Text, s.Start, s.End)).ToList(), lecture.Language, background);
            span?.SetTag("qabot.notes.sentences", sentences.Count);
            span?.SetTag("qabot.notes.concepts", concepts.Concepts.Count);
            span?.SetTag("qabot.notes.names", concepts.Names.Count);
        }

        var glossary = concepts.Concepts
            .Where(c => c.Definition is not null)
            .Take(MaxGlossary)
            .Select(c => new GlossaryEntry(c.Label, c.Definition!.Text, c.Definition.Start, c.Definition.End, c.Definition.Kind == DefinitionKind.Defines ? "defines" : "explains"))
            .ToList();

        List<int> starts;
        using (var span = QaTelemetry.Source.StartActivity("qabot.notes.chapters"))
        {
            starts = ChapterSegmenter.Split(sentences.Select(s => s.Terms).ToList(), sentences.Select(s => (s.Start, s.End)).ToList(), sentences.Select(s => s.Text).ToList());
            span?.SetTag("qabot.notes.chapters", starts.Count);
        }
        KeyPointSelector selector;
        List<Chapter> chapters;
        List<KeyPoint> keyPoints;
        using (QaTelemetry.Source.StartActivity("qabot.notes.key_points"))
        {
            selector = new KeyPointSelector(sentences, concepts.Concepts, cjk);
            chapters = Chapters(sentences, starts, concepts, selector, cjk);
            keyPoints = selector.Select(Math.Clamp(sentences.Count / 12, 4, 12), starts);
        }
        var summary = TextJoiner.Join(chapters.Select(c => c.Summary));

        var actions = sentences.Where(s => IsActionItem(s.Text)).Select(s => s.Text).Distinct().Take(12).ToList();
        var terms = concepts.Concepts.Select(c => c.Label).ToList();
        var quiz = Enumerable.Range(0, sentences.Count)
            .OrderByDescending(selector.Score)
            .Select(i => Quiz(sentences[i], passageOf[i], terms, cjk))
            .OfType<QuizItem>()
            .DistinctBy(q => q.Answer)
            .Take(5)
            .ToList();

        var notes = new LectureNotes(lecture.Id, lecture.Title, summary, chapters, keyPoints, glossary, actions, quiz, ModelName, "");
        return notes with { Markdown = NotesMarkdown.Render(notes, cjk) };
    }

    private static List<Chapter> Chapters(List<TimedSentence> sentences, List<int> starts, ConceptSet concepts, KeyPointSelector selector, bool cjk)
    {
        var bounds = starts.Append(sentences.Count).ToList();
        var chapterOf = new int[sentences.Count];
        for (var c = 0; c < starts.Count; c++)
        {
            for (var i = bounds[c]; i < bounds[c + 1]; i++)
            {
                chapterOf[i] = c;
            }
        }
        // A title term is frequent in its chapter and rare in the others (TF-IDF over chapters); glossary concepts come first,
        // the extractor's next candidates fill in where a chapter has fewer than two.
        var chapters = new List<Chapter>(starts.Count);
        for (var c = 0; c < starts.Count; c++)
        {
            var titleTerms = Rank(concepts.Concepts, c).Concat(Rank(concepts.Others, c)).Take(TitleTerms).ToList();
            var end = bounds[c + 1];
            var summary = selector.Summarise(bounds[c], end, end - bounds[c] > 12 ? 2 : 1);
            var title = titleTerms.Count > 0 ? Title(titleTerms, cjk) : Shorten(sentences[bounds[c]].Text);
            chapters.Add(new Chapter(title, sentences[bounds[c]].Start, sentences[end - 1].End, titleTerms, summary.Text, summary.Start));
        }
        return chapters;

        IEnumerable<string> Rank(IReadOnlyList<Concept> list, int chapter) => list
            .Select(concept => (concept.Label, Here: concept.Sentences.Count(s => chapterOf[s] == chapter), Chapters: concept.Sentences.Select(s => chapterOf[s]).Distinct().Count(), concept.Score))
            .Where(t => t.Here > 0)
            .OrderByDescending(t => t.Here * Math.Log(1 + (double)starts.Count / t.Chapters) * (1 + Math.Log(1 + t.Score)))
            .Select(t => t.Label);
    }

    private static string Title(List<string> terms, bool cjk)
    {
        var joined = string.Join(cjk ? "、" : ", ", terms);
        return cjk || joined.Length == 0 ? joined : char.ToUpperInvariant(joined[0]) + joined[1..];
    }

    private static string Shorten(string sentence) => sentence.Length <= 40 ? sentence : sentence[..40] + "…";

    public static bool IsActionItem(string sentence) => EnglishAction().IsMatch(sentence) || ChineseAction().IsMatch(sentence);

    /// <summary>Blanks out a quantity (or else a key term) of a key sentence; the blanked words are the answer.</summary>
    private static QuizItem? Quiz(TimedSentence sentence, Passage passage, List<string> terms, bool chinese)
    {
        var text = sentence.Text;
        var quantity = (chinese ? ChineseQuantity() : EnglishQuantity()).Match(text);
        string answer;
        int index;
        if (quantity.Success)
        {
            (answer, index) = (quantity.Value, quantity.Index);
        }
        else
        {
            var found = terms.Select(t => TermIn(text, t)).FirstOrDefault(m => m.Success);
            if (found is null)
            {
                return null;
            }
            (answer, index) = (found.Value, found.Index);
        }
        var blanked = string.Concat(text.AsSpan(0, index), "_____", text.AsSpan(index + answer.Length));
        var question = chinese ? "填空：" + blanked : "Fill in the blank: " + blanked;
        return new QuizItem(question, answer, Citation.From(passage, 1));
    }

    /// <summary>Latin terms match whole words only (so "IT" is not found inside "security").</summary>
    private static Match TermIn(string text, string term)
    {
        var latin = !term.Any(TextScript.IsCjk);
        return Regex.Match(text, latin ? $@"\b{Regex.Escape(term)}\b" : Regex.Escape(term), latin ? RegexOptions.IgnoreCase : RegexOptions.None);
    }

    [GeneratedRegex(@"^(?:please|make sure|remember|do not|don't|never|always|lock|report|use|book|submit|complete|write|call|upload|register)\b|\b(?:must|should|need to|needs to|have to|has to|required to|is mandatory|are mandatory|is required)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishAction();

    // Bare 需要 is too often descriptive ("takes forty minutes"); 请 inside 申请/邀请 or in 请假 is not a request.
    [GeneratedRegex("必须|(?<![申邀])请(?!假)|务必|应当|应该|不得|禁止|严禁|一定要|记得|不要|要在|要事先|要提前|需要在|需要提前|需要提供|需要上传|需要书面")]
    private static partial Regex ChineseAction();

    [GeneratedRegex(@"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|sixteen|twenty|thirty|forty|fifty|sixty|seventy|ninety|hundred|thousand)(?:[- ](?:\d+|one|two|three|four|five|hundred|thousand|percent))*\s+(?:days?|weeks?|months?|years?|hours?|minutes?|dollars?|percent|characters|times)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishQuantity();

    [GeneratedRegex(@"[0-9零一二三四五六七八九十百千万两]+(?:个)?(?:天|元|小时|周|个月|月|年|位|次|号|人)")]
    private static partial Regex ChineseQuantity();
}
