using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.QaBot.Learning;

/// <summary>A lecture's sentences with their times, as the learning service teaches from them.</summary>
public sealed record LectureSentences(string Id, string Title, string Language, double Duration, long Revision, IReadOnlyList<FeedSentence> Sentences);

public sealed record FeedSentence(int Index, string Text, double Start, double End);

/// <summary>
/// What QaBot tells the learning service about a lecture: its sentences, split and timed by the same rules that cite them
/// in answers (<see cref="SentenceSplitter"/>), and a revision that grows with every save, so a late event never
/// replaces a newer one.
/// </summary>
public static class LearningFeed
{
    /// <summary>Whether the learning layer may teach from the lecture: only lectures everyone can see.</summary>
    public static bool Teaches(Lecture lecture) => lecture.Access.Visibility != FunAsr.Security.Authorization.Visibility.Private;

    public static LectureSentences Sentences(Lecture lecture, long revision)
    {
        var sentences = new List<FeedSentence>();
        foreach (var segment in lecture.Segments)
        {
            sentences.AddRange(SentenceSplitter.SplitTimed(segment, sentences.Count).Select(s => new FeedSentence(s.Index, s.Text, s.Start, s.End)));
        }
        return new LectureSentences(lecture.Id, lecture.Title, lecture.Language, lecture.Duration, revision, sentences);
    }
}
