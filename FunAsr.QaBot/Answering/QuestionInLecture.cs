using FunAsr.QaBot.Retrieval;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// A window that is only a question someone asks in the lecture ("So what happens if the box catches you holding the phone?",
/// 好友挑战最多几个人一起参加？) shares the most words with a learner asking the same thing, but the answer is what is said
/// next. Such a window gives way to the sentences after it — one person's, so in a meeting the one who replies — keeping the
/// score and confidence the question earned. (On the development sets every cited question of a speaker was followed by
/// its answer.)
/// </summary>
public static class QuestionInLecture
{
    /// <summary>The sentences cited in place of the question: the reply, up to where its speaker stops.</summary>
    private const int ReplySentences = 2;

    public static List<AnswerWindow> Answered(List<AnswerWindow> ranked)
    {
        for (var i = 0; i < ranked.Count; i++)
        {
            if (Reply(ranked[i]) is { } reply)
            {
                ranked[i] = ranked[i] with { Sentences = reply };
            }
        }
        return ranked;
    }

    private static TimedSentence[]? Reply(AnswerWindow window)
    {
        if (!window.Sentences.All(s => IsQuestion(s.Text)))
        {
            return null;
        }
        var lecture = window.LectureSentences;
        var next = window.Last + 1;
        if (next >= lecture.Count)
        {
            return null;
        }
        var speaker = lecture[next].Speaker;
        var reply = lecture.Skip(next).Take(ReplySentences).TakeWhile(s => s.Speaker == speaker && !IsQuestion(s.Text)).ToArray();
        return reply.Length > 0 ? reply : null;
    }

    private static bool IsQuestion(string sentence) => sentence.TrimEnd() is [.., '?' or '？'];
}
