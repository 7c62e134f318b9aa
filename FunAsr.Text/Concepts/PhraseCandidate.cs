namespace FunAsr.Text.Concepts;

/// <summary>
/// One occurrence of a candidate term in a sentence: <see cref="Key"/> is what occurrences of the same term share (the
/// Chinese or Japanese word itself; English words lower-cased and stemmed), <see cref="Surface"/> the words as said.
/// </summary>
/// <param name="Words">Words in the phrase (segmented words for CJK).</param>
/// <param name="HasVerb">The phrase holds a verb (增量备份, 审批流程): it is a term only where it is also used as a noun.</param>
/// <param name="Nominal">This occurrence stands where a noun stands (after 的/这个, before 是/指; after a determiner).</param>
/// <param name="Offset">Where the surface starts in the sentence text.</param>
/// <param name="NeedsDefinition">A shape that is a term only when the lecture defines it: it starts with a number (六步洗手法),
/// joins two verbs (接触隔离), or names a role or a group of people (head chef, 护士长).</param>
public readonly record struct PhraseCandidate(string Key, string Surface, int Words, bool HasVerb, bool Nominal, int Offset, bool NeedsDefinition = false);

/// <summary>A person or organisation named in a sentence: a mention, never a glossary term.</summary>
public readonly record struct NameMention(string Name, int Offset);
