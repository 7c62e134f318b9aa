using System.Security.Cryptography;
using System.Text;
using FunAsr.Learning.Knowledge;
using FunAsr.Learning.Lectures;
using FunAsr.Text.Concepts;
using FunAsr.Text.Scripts;

namespace FunAsr.Learning.Quizzes;

/// <summary>A concept as one lecture teaches it, with the knowledge point it belongs to.</summary>
public sealed record TeachingConcept(int PointId, string Key, string Label, double Score, IReadOnlyList<int> Sentences, int? DefinitionSentence);

/// <summary>A concept elsewhere in the library, a distractor when the lecture has too few of its own.</summary>
public sealed record NeighbourConcept(int PointId, string Label);

public sealed record GenerationInput(
    string LectureId,
    string Language,
    IReadOnlyList<TimedText> Sentences,
    IReadOnlyList<TeachingConcept> Concepts,
    IReadOnlyList<NeighbourConcept> Neighbours,
    int Seed);

/// <summary>A generated item before it is stored: the sentence it comes from answers it.</summary>
public sealed record DraftItem(ItemKind Kind, string Prompt, ItemOptions Options, ItemAnswer Answer, IReadOnlyList<int> PointIds, TimedText Sentence, string Writer);

/// <summary>
/// Writes quiz items from a lecture's concepts without an LLM (after the sentence-selection question generation of
/// Heilman &amp; Smith and the cloze/distractor work it builds on): the sentence that defines or first teaches a concept
/// becomes a cloze (the concept blanked), a multiple-choice item (distractors: the concepts taught nearest to it in the
/// lecture, then neighbouring concepts of the library), or a true/false statement (the sentence, or the sentence with a
/// neighbouring concept swapped in); concepts with definitions make one matching item. Kinds alternate so a quiz mixes them.
/// </summary>
public sealed class QuizGenerator
{
    public const string Blank = "____";
    private const int Distractors = 3;
    private const int MaxMatchingTerms = 4;
    private const int MinStemUnits = 4;

    private static readonly ItemKind[] Rotation = [ItemKind.Cloze, ItemKind.MultipleChoice, ItemKind.TrueFalse];

    public IReadOnlyList<DraftItem> Generate(GenerationInput input, int maxItems)
    {
        var random = new Random(input.Seed);
        var sentences = input.Sentences.ToDictionary(s => s.Index);
        var cjk = TextScript.IsChineseLike(input.Language);
        var items = new List<DraftItem>();
        var concepts = input.Concepts.OrderByDescending(c => c.Score).ThenBy(c => c.Sentences[0]).ToList();
        var matching = Matching(concepts, sentences, cjk, random);
        var budget = matching is null ? maxItems : maxItems - 1;
        for (var i = 0; i < concepts.Count && items.Count < budget; i++)
        {
            var concept = concepts[i];
            for (var attempt = 0; attempt < Rotation.Length; attempt++)
            {
                var kind = Rotation[(i + attempt) % Rotation.Length];
                var item = kind switch
                {
                    ItemKind.Cloze => Cloze(concept, sentences, cjk),
                    ItemKind.MultipleChoice => MultipleChoice(concept, concepts, input.Neighbours, sentences, cjk, random),
                    _ => TrueFalse(concept, concepts, input.Neighbours, sentences, cjk, random),
                };
                if (item is not null)
                {
                    items.Add(item);
                    break;
                }
            }
        }
        if (matching is not null)
        {
            items.Add(matching);
        }
        return items;
    }

    /// <summary>A stable seed for a lecture's version, so the same lecture text yields the same quiz.</summary>
    public static int SeedOf(string lectureId, long revision) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{lectureId}#{revision}")), 0);

    private static DraftItem? Cloze(TeachingConcept concept, Dictionary<int, TimedText> sentences, bool cjk)
    {
        if (Blanked(concept, sentences) is not var (sentence, stem, said) || !LongEnough(stem, cjk))
        {
            return null;
        }
        var accepted = new[] { said, concept.Label }.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var prompt = (cjk ? "填空：" : "Fill in the blank: ") + stem;
        return new DraftItem(ItemKind.Cloze, prompt, new ItemOptions(), new ItemAnswer(Accepted: accepted), [concept.PointId], sentence, "rules");
    }

    private static DraftItem? MultipleChoice(TeachingConcept concept, IReadOnlyList<TeachingConcept> concepts, IReadOnlyList<NeighbourConcept> neighbours,
        Dictionary<int, TimedText> sentences, bool cjk, Random random)
    {
        if (Blanked(concept, sentences) is not var (sentence, stem, _) || !LongEnough(stem, cjk))
        {
            return null;
        }
        var distractors = DistractorsFor(concept, sentence, concepts, neighbours).Take(Distractors).ToList();
        if (distractors.Count < 2)
        {
            return null;
        }
        var choices = distractors.Append(concept.Label).OrderBy(_ => random.Next()).ToList();
        var prompt = (cjk ? "哪个词填入空白处？" : "Which term fills the blank? ") + stem;
        return new DraftItem(ItemKind.MultipleChoice, prompt, new ItemOptions(Choices: choices), new ItemAnswer(Choice: choices.IndexOf(concept.Label)),
            [concept.PointId], sentence, "rules");
    }

    private static DraftItem? TrueFalse(TeachingConcept concept, IReadOnlyList<TeachingConcept> concepts, IReadOnlyList<NeighbourConcept> neighbours,
        Dictionary<int, TimedText> sentences, bool cjk, Random random)
    {
        foreach (var index in TeachingOrder(concept, sentences))
        {
            if (!sentences.TryGetValue(index, out var sentence) || MentionLocator.Find(sentence.Text, concept.Key, concept.Label) is not { } span)
            {
                continue;
            }
            var statement = sentence.Text;
            var truth = random.Next(2) == 0;
            if (!truth)
            {
                var swap = DistractorsFor(concept, sentence, concepts, neighbours).FirstOrDefault();
                if (swap is null)
                {
                    truth = true;
                }
                else
                {
                    // At the start of a sentence the swapped-in term takes the capital the original had.
                    var said = span.Start == 0 && char.IsUpper(sentence.Text[0]) && swap.Length > 0 ? char.ToUpperInvariant(swap[0]) + swap[1..] : swap;
                    statement = string.Concat(sentence.Text.AsSpan(0, span.Start), said, sentence.Text.AsSpan(span.Start + span.Length));
                }
            }
            string[] choices = cjk ? ["正确", "错误"] : ["True", "False"];
            var prompt = (cjk ? "判断正误：" : "True or false? ") + statement;
            return new DraftItem(ItemKind.TrueFalse, prompt, new ItemOptions(Choices: choices), new ItemAnswer(Choice: truth ? 0 : 1),
                [concept.PointId], sentence, "rules");
        }
        return null;
    }

    private static DraftItem? Matching(IReadOnlyList<TeachingConcept> concepts, Dictionary<int, TimedText> sentences, bool cjk, Random random)
    {
        var chosen = new List<(TeachingConcept Concept, TimedText Sentence, string Definition)>();
        foreach (var concept in concepts)
        {
            if (chosen.Count == MaxMatchingTerms)
            {
                break;
            }
            if (concept.DefinitionSentence is not { } index || chosen.Any(c => c.Sentence.Index == index) || !sentences.TryGetValue(index, out var sentence)
                || MentionLocator.Find(sentence.Text, concept.Key, concept.Label) is not { } span)
            {
                continue;
            }
            var definition = string.Concat(sentence.Text.AsSpan(0, span.Start), Blank, sentence.Text.AsSpan(span.Start + span.Length));
            // Another chosen term inside this definition would give the pairing away.
            if (chosen.Any(c => MentionLocator.Mentions(sentence.Text, c.Concept.Key, c.Concept.Label))
                || chosen.Any(c => MentionLocator.Mentions(c.Sentence.Text, concept.Key, concept.Label)))
            {
                continue;
            }
            chosen.Add((concept, sentence, definition));
        }
        if (chosen.Count < 3)
        {
            return null;
        }
        var order = Enumerable.Range(0, chosen.Count).OrderBy(_ => random.Next()).ToList();
        var definitions = order.Select(i => chosen[i].Definition).ToList();
        var pairs = Enumerable.Range(0, chosen.Count).Select(i => order.IndexOf(i)).ToList();
        var prompt = cjk ? "将每个术语与其定义配对。" : "Match each term with its definition.";
        return new DraftItem(ItemKind.Matching, prompt,
            new ItemOptions(Terms: chosen.Select(c => c.Concept.Label).ToList(), Definitions: definitions),
            new ItemAnswer(Pairs: pairs), chosen.Select(c => c.Concept.PointId).ToList(), chosen[0].Sentence, "rules");
    }

    /// <summary>The teaching sentence with the concept blanked: (sentence, stem, how the sentence says the concept).</summary>
    private static (TimedText Sentence, string Stem, string Said)? Blanked(TeachingConcept concept, Dictionary<int, TimedText> sentences)
    {
        foreach (var index in TeachingOrder(concept, sentences))
        {
            if (sentences.TryGetValue(index, out var sentence) && MentionLocator.Find(sentence.Text, concept.Key, concept.Label) is { } span)
            {
                var stem = string.Concat(sentence.Text.AsSpan(0, span.Start), Blank, sentence.Text.AsSpan(span.Start + span.Length));
                return (sentence, stem, sentence.Text.Substring(span.Start, span.Length));
            }
        }
        return null;
    }

    /// <summary>
    /// The defining sentence first, then the mentions in lecture order; a sentence that leans on the one before it ("So…",
    /// "It…", 所以…) only after every one that reads alone, since an item shows its sentence without the one before.
    /// </summary>
    private static IEnumerable<int> TeachingOrder(TeachingConcept concept, Dictionary<int, TimedText> sentences)
    {
        IEnumerable<int> first = concept.DefinitionSentence is { } d ? [d] : [];
        var order = first.Concat(concept.Sentences).Distinct().ToList();
        return order.Where(i => !Leans(i)).Concat(order.Where(Leans));

        bool Leans(int index) => sentences.TryGetValue(index, out var sentence) && Anaphora.StartsWithAnaphor(sentence.Text);
    }

    private static bool LongEnough(string stem, bool cjk)
    {
        var rest = stem.Replace(Blank, "", StringComparison.Ordinal);
        return cjk || rest.Any(TextScript.IsCjk)
            ? rest.Count(TextScript.IsCjk) >= MinStemUnits
            : rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= MinStemUnits;
    }

    /// <summary>
    /// Neighbouring concepts as wrong answers: the lecture's own, nearest to where this one is taught first, then the
    /// library's; never one the sentence itself says, nor one that contains or is part of the right answer.
    /// </summary>
    private static IEnumerable<string> DistractorsFor(TeachingConcept concept, TimedText sentence, IReadOnlyList<TeachingConcept> concepts, IReadOnlyList<NeighbourConcept> neighbours)
    {
        var anchor = sentence.Index;
        var own = concepts
            .Where(c => c.PointId != concept.PointId)
            .OrderBy(c => c.Sentences.Min(s => Math.Abs(s - anchor)))
            .Select(c => (c.Key, c.Label));
        var library = neighbours.Where(n => n.PointId != concept.PointId).Select(n => (Key: "", n.Label));
        return own.Concat(library)
            .Where(c => !Overlaps(c.Label, concept.Label))
            .Where(c => !(c.Key.Length > 0 ? MentionLocator.Mentions(sentence.Text, c.Key, c.Label) : sentence.Text.Contains(c.Label, StringComparison.OrdinalIgnoreCase)))
            .Select(c => c.Label)
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }

    private static bool Overlaps(string a, string b) =>
        a.Contains(b, StringComparison.OrdinalIgnoreCase) || b.Contains(a, StringComparison.OrdinalIgnoreCase);
}
