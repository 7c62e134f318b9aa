namespace FunAsr.Text.Concepts;

/// <summary>A sentence of a lecture as the concept extractor sees it: its place in the lecture, its text and its time.</summary>
public sealed record ConceptSentence(int Index, string Text, double Start, double End);

public enum DefinitionKind
{
    /// <summary>The sentence says what the term is ("X is…", "X means…", "we call … X", "X是指…", "所谓X…").</summary>
    Defines,
    /// <summary>No sentence defines the term; this is the one near its first mention that explains it best.</summary>
    Explains,
}

/// <summary>The sentence that teaches a concept, with its time so a player can play it.</summary>
public sealed record ConceptDefinition(int Sentence, string Text, double Start, double End, DefinitionKind Kind);

/// <summary>
/// A term of one lecture. <see cref="Key"/> links its mentions across lectures (the stemmed phrase; the CJK word itself),
/// <see cref="Label"/> is how the lecture says it, <see cref="Sentences"/> are the sentences that mention it (by index, in
/// order), <see cref="Score"/> its weight in this lecture, <see cref="Definition"/> the sentence that defines or explains it.
/// </summary>
public sealed record Concept(string Key, string Label, double Score, IReadOnlyList<int> Sentences, ConceptDefinition? Definition)
{
    public int FirstSentence => Sentences[0];
}

/// <summary>A person's or company's name and the sentences that mention it: a mention, not a term.</summary>
public sealed record NamedMention(string Name, IReadOnlyList<int> Sentences);

/// <summary>
/// What the extractor found in a lecture: its concepts, best first, with definitions; <see cref="Others"/>, the next best
/// candidates (no definitions), for titles and links; and the names it set aside.
/// </summary>
public sealed record ConceptSet(IReadOnlyList<Concept> Concepts, IReadOnlyList<Concept> Others, IReadOnlyList<NamedMention> Names);

/// <summary>
/// How common each candidate key is across the rest of the library (document frequency), so a lecture's concepts are what is
/// specific to it. <see cref="Documents"/> is the number of other lectures counted.
/// </summary>
public interface IConceptBackground
{
    int Documents { get; }

    int DocumentFrequency(string key);
}
