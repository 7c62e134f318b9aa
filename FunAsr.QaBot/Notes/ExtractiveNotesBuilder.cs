using FunAsr.Text.Joining;
using FunAsr.Text.Scripts;
using System.Text.RegularExpressions;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// Notes without a language model: TextRank key sentences (summary and key points are sentences of the transcript), key terms,
/// a glossary that defines each term by the sentence that best explains it, action items from imperative and modal sentences,
/// and fill-in-the-blank quiz questions built from key sentences.
/// </summary>
public sealed partial class ExtractiveNotesBuilder(PassageChunker chunker)
{
    public const string ModelName = "extractive";
    private const int MinKeySentenceUnits = 10;

    private sealed record Sentence(int Index, TimedSentence Timed, Passage Passage, HashSet<string> Terms);

    public LectureNotes Build(Lecture lecture)
    {
        var sentences = chunker.Chunk(lecture)
            .SelectMany(p => p.Sentences.Select(s => (Passage: p, Timed: s)))
            .Select((x, i) => new Sentence(i, x.Timed, x.Passage, x.Timed.Terms.ToHashSet()))
            .ToList();
        var chinese = TextScript.IsChineseLike(lecture.Language);
        var ranks = TextRank.Rank(sentences.Select(s => s.Terms).ToList());
        var ranked = sentences
            .Where(s => TextScript.Units(s.Timed.Text) >= MinKeySentenceUnits)
            .OrderByDescending(s => ranks[s.Index])
            .ThenBy(s => s.Index)
            .ToList();

        var keyCount = Math.Clamp(sentences.Count / 6, 4, 10);
        var keySentences = ranked.Take(keyCount).OrderBy(s => s.Index).ToList();
        var summary = TextJoiner.Join(ranked.Take(3).OrderBy(s => s.Index).Select(s => s.Timed.Text));
        var terms = TermExtractor.Extract(sentences.Select(s => s.Timed.Text).ToList(), 10);
        var glossary = terms
            .Select(t => new GlossaryEntry(t.Term, Definition(t.Term, sentences, ranks)))
            .Where(g => g.Definition.Length > 0)
            .Take(8)
            .ToList();
        var actions = sentences.Where(s => IsActionItem(s.Timed.Text)).Select(s => s.Timed.Text).Distinct().Take(12).ToList();
        var quiz = ranked
            .Select(s => Quiz(s, terms, chinese))
            .OfType<QuizItem>()
            .DistinctBy(q => q.Answer)
            .Take(5)
            .ToList();

        var notes = new LectureNotes(lecture.Id, lecture.Title, summary, keySentences.Select(s => s.Timed.Text).ToList(),
            glossary, actions, quiz, ModelName, "");
        return notes with { Markdown = NotesMarkdown.Render(notes, chinese) };
    }

    /// <summary>The sentence that says what a term is ("X is…", "X是…") if there is one, else the most central sentence using it.</summary>
    private static string Definition(string term, List<Sentence> sentences, double[] ranks)
    {
        var using_ = sentences.Where(s => TermIn(s.Timed.Text, term).Success).ToList();
        var definitional = using_.FirstOrDefault(s =>
            Regex.IsMatch(s.Timed.Text, Regex.Escape(term) + @"\s*(?:is|are|means|refers to|lasts|gives|starts|covers|是|指|属于|为)", RegexOptions.IgnoreCase));
        return (definitional ?? using_.OrderByDescending(s => ranks[s.Index]).FirstOrDefault())?.Timed.Text ?? "";
    }

    /// <summary>Latin terms match whole words only (so "IT" is not found inside "security").</summary>
    private static Match TermIn(string text, string term) =>
        Regex.Match(text, TermExtractor.IsLatin(term) ? $@"\b{Regex.Escape(term)}\b" : Regex.Escape(term), TermExtractor.IsLatin(term) && term.Any(char.IsLower) ? RegexOptions.IgnoreCase : RegexOptions.None);

    public static bool IsActionItem(string sentence) => EnglishAction().IsMatch(sentence) || ChineseAction().IsMatch(sentence);

    /// <summary>Blanks out a quantity (or else a key term) of a key sentence; the blanked words are the answer.</summary>
    private static QuizItem? Quiz(Sentence sentence, List<(string Term, int Count)> terms, bool chinese)
    {
        var text = sentence.Timed.Text;
        var quantity = (chinese ? ChineseQuantity() : EnglishQuantity()).Match(text);
        string answer;
        int index;
        if (quantity.Success)
        {
            (answer, index) = (quantity.Value, quantity.Index);
        }
        else
        {
            var found = terms.Select(t => TermIn(text, t.Term)).FirstOrDefault(m => m.Success);
            if (found is null)
            {
                return null;
            }
            (answer, index) = (found.Value, found.Index);
        }
        var blanked = string.Concat(text.AsSpan(0, index), "_____", text.AsSpan(index + answer.Length));
        var question = chinese ? "填空：" + blanked : "Fill in the blank: " + blanked;
        return new QuizItem(question, answer, Citation.From(sentence.Passage, 1));
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
