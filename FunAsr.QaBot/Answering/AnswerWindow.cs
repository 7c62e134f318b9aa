using FunAsr.Text.Joining;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// One to three consecutive sentences of a lecture offered as the answer, with how much of the question they cover
/// (<see cref="Coverage"/>, over the question terms the index knows), how sure that makes the answer
/// (<see cref="Confidence"/>, what abstention compares), the cosine similarity of its embedding to the question's when
/// embeddings are configured, and the ranking score.
/// </summary>
public sealed record AnswerWindow(
    Passage Passage, IReadOnlyList<TimedSentence> Sentences, double Coverage, double Confidence, double Score, double? Similarity = null)
{
    /// <summary>Every sentence of the lecture as it was when the window was scored (the context is taken from these).</summary>
    public IReadOnlyList<TimedSentence> LectureSentences { get; init; } = Sentences;

    public string LectureId => Passage.LectureId;
    public int First => Sentences[0].Index;
    public int Last => Sentences[^1].Index;
    public double Start => Sentences[0].Start;
    public double End => Sentences[^1].End;
    public string Text => TextJoiner.Join(Sentences.Select(s => s.Text));

    /// <summary>Whether the other window overlaps this one or lies within <paramref name="sentences"/> sentences of it.</summary>
    public bool Near(AnswerWindow other, int sentences) =>
        LectureId == other.LectureId && First - sentences <= other.Last && other.First <= Last + sentences;
}
