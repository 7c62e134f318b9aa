namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// A sentence of a lecture: its place in the lecture, its time (from the ASR's word times when <see cref="FromWords"/>,
/// else its share of its segment's time) and its index terms.
/// </summary>
public sealed record TimedSentence(int Index, string Text, double Start, double End, bool FromWords)
{
    public IReadOnlyList<string> Terms { get; init; } = [];
}

/// <summary>A retrievable unit: consecutive sentences of one lecture, with the span of time they cover.</summary>
public sealed record Passage(
    string Id,
    string LectureId,
    string LectureTitle,
    int Ordinal,
    double Start,
    double End,
    string Text,
    IReadOnlyList<TimedSentence> Sentences);

/// <summary>A passage as ranked for one question; <see cref="Bm25"/> and <see cref="Dense"/> are null where that retriever did not return it.</summary>
public sealed record RetrievedPassage(Passage Passage, double? Bm25, double? Dense, double Fused);
