namespace FunAsr.QaBot.Retrieval;

/// <summary>A sentence with the times interpolated from its segment.</summary>
public sealed record TimedSentence(string Text, double Start, double End);

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
