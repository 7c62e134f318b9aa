using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Notes;
using FunAsr.QaBot.Retrieval;
using FunAsr.Text.Concepts;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.Notes;

/// <summary>A lecture with the notes a content team wrote for it (Fixtures/Notes/tuning, Fixtures/Dev/notes, Fixtures/Heldout/notes).</summary>
public sealed record ReferencedLecture(Lecture Lecture, JsonObject Reference);

/// <summary>Scores of one lecture's notes against its reference.</summary>
public sealed record LectureScore(
    string LectureId,
    int Terms, int AcceptableTerms, int ReferenceTerms, int FoundReferenceTerms,
    int MatchedDefinitions, int CorrectDefinitions,
    int Chapters, int ReferenceChapters, int MatchedChapters,
    int KeyPoints, int KeyPointsLeaning, int DefinitionsLeaning,
    IReadOnlyList<string> Wrong, IReadOnlyList<string> Fragments, IReadOnlyList<string> Names, IReadOnlyList<string> Missed);

/// <summary>
/// Scores extractive notes the way the held-out README defines it: glossary precision = produced terms found among the
/// reference terms, their aliases or the also-acceptable terms, over produced terms; recall against the glossary and its
/// aliases; definition accuracy = of the produced terms that are reference terms, those whose definition is the reference
/// sentence (starts within 1 s of it); chapter-boundary F1 with produced starts matched one-to-one to reference starts within
/// 10 s; key points that lean on an anaphor without its antecedent; glossary definitions that open with a sentence leaning on
/// the one before (<see cref="Anaphora.StartsWithAnaphor"/>), which do not read alone. A produced term that is part of a reference term or
/// name without being a term itself is a fragment; one that holds a name's word, or is held by a name, is a name.
/// </summary>
public static class NotesEvaluation
{
    public const double BoundaryTolerance = 10.0;
    public const double DefinitionTolerance = 1.0;

    public static string FixturesFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IReadOnlyList<ReferencedLecture> Tuning() => Load(Path.Combine(FixturesFolder, "Notes", "tuning"));

    /// <summary>The development set written apart from the code for tuning (Fixtures/Dev/notes): looked at freely.</summary>
    public static IReadOnlyList<ReferencedLecture> Dev() => Load(Path.Combine(FixturesFolder, "Dev", "notes"));

    public static IReadOnlyList<ReferencedLecture> HeldOut() => Load(Path.Combine(FixturesFolder, "Heldout", "notes"));

    /// <summary>The second held-out set (Fixtures/Heldout2/notes), written after round 3 by an author who read neither code nor docs: scored only, never read.</summary>
    public static IReadOnlyList<ReferencedLecture> HeldOut2() => Load(Path.Combine(FixturesFolder, "Heldout2", "notes"));

    /// <summary>Lectures that stand for the rest of a library (the Q&amp;A fixtures): never scored, only counted as background.</summary>
    public static IReadOnlyList<Lecture> Library() =>
        Directory.GetFiles(Path.Combine(FixturesFolder, "QaBot"), "*.json").Concat(Directory.GetFiles(Path.Combine(FixturesFolder, "QaBot", "tuning"), "*.json"))
            .Where(f => !Path.GetFileName(f).StartsWith("questions", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => ToLecture(JsonNode.Parse(File.ReadAllText(f))!.AsObject()))
            .ToList();

    private static IReadOnlyList<ReferencedLecture> Load(string folder) =>
        Directory.GetFiles(folder, "*.reference.json")
            .Order(StringComparer.Ordinal)
            .Select(r => new ReferencedLecture(
                ToLecture(JsonNode.Parse(File.ReadAllText(r.Replace(".reference.json", ".json", StringComparison.Ordinal)))!.AsObject()),
                JsonNode.Parse(File.ReadAllText(r))!.AsObject()))
            .ToList();

    public static Lecture ToLecture(JsonObject json)
    {
        var segments = json["segments"]!.AsArray().Select((s, i) => new TranscriptSegment(
            s!["id"]?.GetValue<int>() ?? i,
            s["start"]!.GetValue<double>(),
            s["end"]!.GetValue<double>(),
            s["text"]!.GetValue<string>(),
            s["words"]?.AsArray().Select(w => new TranscriptWord(w!["word"]!.GetValue<string>(), w["start"]!.GetValue<double>(), w["end"]!.GetValue<double>())).ToList()))
            .ToList();
        var id = json["id"]!.GetValue<string>();
        return new Lecture(id, json["title"]!.GetValue<string>(), json["language"]!.GetValue<string>(), json["duration"]?.GetValue<double>() ?? segments[^1].End,
            DateTimeOffset.UnixEpoch, "fixture", id + "-hash", false, 0, segments);
    }

    public static ExtractiveNotesBuilder Builder() =>
        new(new PassageChunker(Options.Create(new QaBotOptions())), new ConceptExtractor());

    /// <summary>The library around one lecture: the other lectures of its set and the Q&amp;A fixtures.</summary>
    public static IConceptBackground Background(Lecture lecture, IEnumerable<Lecture> library)
    {
        var others = library.Where(l => l.Id != lecture.Id).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var other in others)
        {
            var sentences = other.Segments.SelectMany(s => SentenceSplitter.Split(s.Text)).ToList();
            foreach (var key in ConceptExtractor.CandidateKeys(sentences, other.Language, NotesLibrary.MaxKeysPerLecture))
            {
                frequency[key] = frequency.GetValueOrDefault(key) + 1;
            }
        }
        return new FixedBackground(others.Count, frequency);
    }

    private sealed class FixedBackground(int documents, Dictionary<string, int> frequency) : IConceptBackground
    {
        public int Documents => documents;

        public int DocumentFrequency(string key) => frequency.GetValueOrDefault(key);
    }

    public static LectureScore Score(ReferencedLecture item, LectureNotes notes)
    {
        var reference = item.Reference;
        var glossary = reference["glossary"]!.AsArray().Select(g => g!.AsObject()).ToList();
        var forms = glossary.Select(g => new[] { g["term"]!.GetValue<string>() }.Concat(g["aliases"]?.AsArray().Select(a => a!.GetValue<string>()) ?? []).Select(Normalize).ToHashSet()).ToList();
        var also = (reference["alsoAcceptable"]?.AsArray() ?? []).Select(a => Normalize(a is JsonValue ? a.GetValue<string>() : a!["term"]!.GetValue<string>())).ToHashSet();
        var acceptable = forms.SelectMany(f => f).Concat(also).ToHashSet();
        var names = (reference["names"]?.AsArray() ?? []).Select(n => n!["name"]!.GetValue<string>()).ToList();

        var wrong = new List<string>();
        var fragments = new List<string>();
        var nameTerms = new List<string>();
        var found = new HashSet<int>();
        int matchedDefinitions = 0, correctDefinitions = 0;
        foreach (var entry in notes.Glossary)
        {
            var term = Normalize(entry.Term);
            if (names.Any(n => HoldsName(term, n)))
            {
                nameTerms.Add(entry.Term);
            }
            var index = forms.FindIndex(f => f.Contains(term));
            if (index >= 0)
            {
                found.Add(index);
                matchedDefinitions++;
                if (entry.Start is { } start && Math.Abs(start - glossary[index]["definitionStart"]!.GetValue<double>()) <= DefinitionTolerance)
                {
                    correctDefinitions++;
                }
            }
            else if (!also.Contains(term))
            {
                wrong.Add(entry.Term);
                if (acceptable.Concat(names.Select(Normalize)).Any(a => a.Length > term.Length && Within(term, a)))
                {
                    fragments.Add(entry.Term);
                }
            }
        }
        var acceptableCount = notes.Glossary.Count - wrong.Count;
        var missed = glossary.Where((_, i) => !found.Contains(i)).Select(g => g["term"]!.GetValue<string>()).ToList();

        var referenceStarts = reference["chapters"]!.AsArray().Select(c => c!["start"]!.GetValue<double>()).ToList();
        var matchedChapters = MatchWithin(notes.Chapters.Select(c => c.Start).ToList(), referenceStarts, BoundaryTolerance);

        var anaphora = (reference["anaphora"]?.AsArray() ?? []).Select(a => (Start: a!["start"]!.GetValue<double>(), Antecedent: a["antecedentStart"]!.GetValue<double>())).ToList();
        var leaning = notes.KeyPoints.Count(k => k.Start is { } start && anaphora.Any(a => Math.Abs(start - a.Start) < 0.05));
        var definitionsLeaning = notes.Glossary.Count(g => Anaphora.StartsWithAnaphor(g.Definition));

        return new LectureScore(item.Lecture.Id, notes.Glossary.Count, acceptableCount, glossary.Count, found.Count, matchedDefinitions, correctDefinitions,
            notes.Chapters.Count, referenceStarts.Count, matchedChapters, notes.KeyPoints.Count, leaning, definitionsLeaning, wrong, fragments, nameTerms, missed);
    }

    /// <summary>One-to-one matches between two sorted lists of times, closest pairs first.</summary>
    private static int MatchWithin(List<double> produced, List<double> reference, double tolerance)
    {
        var pairs = produced.SelectMany((p, i) => reference.Select((r, j) => (i, j, Distance: Math.Abs(p - r)))).Where(x => x.Distance <= tolerance).OrderBy(x => x.Distance);
        var usedP = new HashSet<int>();
        var usedR = new HashSet<int>();
        var matched = 0;
        foreach (var (i, j, _) in pairs)
        {
            if (!usedP.Contains(i) && !usedR.Contains(j))
            {
                usedP.Add(i);
                usedR.Add(j);
                matched++;
            }
        }
        return matched;
    }

    /// <summary>Whether a term is part of a longer one: any substring for CJK, whole words for Latin.</summary>
    private static bool Within(string part, string whole) =>
        part.Any(c => c >= '\u2E80') ? whole.Contains(part, StringComparison.Ordinal) : $" {whole} ".Contains($" {part} ", StringComparison.Ordinal);

    /// <summary>A term holds a name when it contains the name or a word of it, or the name contains the term.</summary>
    private static bool HoldsName(string term, string name)
    {
        var n = Normalize(name);
        if (term.Contains(n, StringComparison.Ordinal) || n.Contains(term, StringComparison.Ordinal))
        {
            return true;
        }
        return n.Contains(' ') && n.Split(' ').Any(w => w.Length >= 3 && $" {term} ".Contains($" {w} ", StringComparison.Ordinal));
    }

    /// <summary>Lower case, hyphens as spaces, plural -s dropped from Latin words; CJK without spaces.</summary>
    public static string Normalize(string term)
    {
        var lower = term.Trim().ToLowerInvariant().Replace('-', ' ').Replace('’', '\'');
        if (lower.Any(c => c >= '\u2E80'))
        {
            return lower.Replace(" ", "", StringComparison.Ordinal);
        }
        return string.Join(' ', Regex.Split(lower, @"\s+").Where(w => w.Length > 0).Select(w =>
            w.Length > 3 && w.EndsWith("ies", StringComparison.Ordinal) ? w[..^3] + "y"
            : w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w));
    }

    public sealed record SetScore(string Name, double Precision, double Recall, double DefinitionAccuracy, double ChapterPrecision, double ChapterRecall, double ChapterF1, int Terms, int Fragments, int Names, int KeyPoints, int KeyPointsLeaning, int DefinitionsLeaning)
    {
        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"{Name}: glossary precision {Precision:P0}, recall {Recall:P0}, definition accuracy {DefinitionAccuracy:P0}, chapter-boundary F1 {ChapterF1:F2} (P {ChapterPrecision:F2}, R {ChapterRecall:F2}), {Terms} terms, {Fragments} fragments, {Names} names, {KeyPointsLeaning}/{KeyPoints} key points leaning on a missing antecedent, {DefinitionsLeaning}/{Terms} definitions opening with a leaning sentence");
    }

    public static SetScore Total(string name, IReadOnlyList<LectureScore> scores)
    {
        double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
        var chapterP = Ratio(scores.Sum(s => s.MatchedChapters), scores.Sum(s => s.Chapters));
        var chapterR = Ratio(scores.Sum(s => s.MatchedChapters), scores.Sum(s => s.ReferenceChapters));
        return new SetScore(name,
            Ratio(scores.Sum(s => s.AcceptableTerms), scores.Sum(s => s.Terms)),
            Ratio(scores.Sum(s => s.FoundReferenceTerms), scores.Sum(s => s.ReferenceTerms)),
            Ratio(scores.Sum(s => s.CorrectDefinitions), scores.Sum(s => s.MatchedDefinitions)),
            chapterP, chapterR, chapterP + chapterR == 0 ? 0 : 2 * chapterP * chapterR / (chapterP + chapterR),
            scores.Sum(s => s.Terms), scores.Sum(s => s.Fragments.Count), scores.Sum(s => s.Names.Count), scores.Sum(s => s.KeyPoints), scores.Sum(s => s.KeyPointsLeaning), scores.Sum(s => s.DefinitionsLeaning));
    }

    public static string Describe(LectureScore s, LectureNotes notes)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"== {s.LectureId}: terms {s.AcceptableTerms}/{s.Terms} acceptable, found {s.FoundReferenceTerms}/{s.ReferenceTerms}, definitions {s.CorrectDefinitions}/{s.MatchedDefinitions}, chapters {s.MatchedChapters} of {s.Chapters} produced / {s.ReferenceChapters} reference");
        text.AppendLine("   wrong: " + string.Join(" | ", s.Wrong));
        text.AppendLine("   missed: " + string.Join(" | ", s.Missed));
        text.AppendLine("   fragments: " + string.Join(" | ", s.Fragments) + "; names: " + string.Join(" | ", s.Names));
        foreach (var g in notes.Glossary)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"   [{g.Kind}] {g.Term} @{g.Start:F1}: {g.Definition}");
        }
        foreach (var c in notes.Chapters)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"   chapter {c.Start:F1} {c.Title} — {c.Summary}");
        }
        foreach (var k in notes.KeyPoints)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"   point {k.Start:F1} {k.Text}");
        }
        return text.ToString();
    }
}
