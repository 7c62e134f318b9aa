using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Retrieval;

namespace FunAsr.Tests.QaBot;

public sealed class QuestionInLectureTests
{
    private static readonly TimedSentence[] Lecture =
    [
        new(0, "Phones are the second topic.", 0, 3, true),
        new(1, "So what happens if the box catches you holding the phone?", 3, 7, true),
        new(2, "The first time, it's a written warning and 3 points come off your scorecard.", 7, 12, true),
        new(3, "A second time within a year and you are off driving duties.", 12, 16, true),
        new(4, "Any questions?", 16, 17, true),
    ];

    private static AnswerWindow Window(int first, int last)
    {
        var passage = new Passage("p0", "driver", "Driver safety", "en", 0, 0, 17, "", Lecture);
        return new AnswerWindow(passage, Lecture[first..(last + 1)], 0.9, 0.8, 2.5) { LectureSentences = Lecture };
    }

    [Fact]
    public void A_question_asked_in_the_lecture_is_cited_by_its_reply()
    {
        var answered = QuestionInLecture.Answered([Window(1, 1), Window(0, 0)]);

        Assert.Equal((2, 3), (answered[0].First, answered[0].Last));
        Assert.Equal(7, answered[0].Start);
        Assert.Equal(0.8, answered[0].Confidence);
        // A window that says something, and a question nothing follows, stay as they are.
        Assert.Equal((0, 0), (answered[1].First, answered[1].Last));
        var last = QuestionInLecture.Answered([Window(4, 4)]).Single();
        Assert.Equal((4, 4), (last.First, last.Last));
    }
}
