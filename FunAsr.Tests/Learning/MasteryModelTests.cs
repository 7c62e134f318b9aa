using System.Text.Json;
using FunAsr.Learning.Mastery;

namespace FunAsr.Tests.Learning;

public sealed class MasteryModelTests
{
    private static readonly BktParameters Defaults = new();

    [Fact]
    public void Bkt_right_answer_raises_known_by_the_posterior_then_the_learning_step()
    {
        // P(L)=.3, S=.1, G=.25: posterior .27/(.27+.175) = .60674; then + (1-.60674)*.1 = .64607.
        Assert.Equal(0.64607, Bkt.Update(0.3, correct: true, guess: 0.25, Defaults), 5);
        // Wrong: .03/(.03+.525) = .05405; then + .94595*.1 = .14865.
        Assert.Equal(0.14865, Bkt.Update(0.3, correct: false, guess: 0.25, Defaults), 5);
    }

    [Fact]
    public void Bkt_guess_is_one_over_the_options_at_most_the_ceiling_and_small_for_free_answers()
    {
        Assert.Equal(0.25, Bkt.Guess(4, Defaults));
        Assert.Equal(0.3, Bkt.Guess(2, Defaults));
        Assert.Equal(Defaults.FreeResponseGuess, Bkt.Guess(0, Defaults));
        // A lucky guess among two options proves less than a typed answer.
        Assert.True(Bkt.Update(0.3, true, Bkt.Guess(2, Defaults), Defaults) < Bkt.Update(0.3, true, Bkt.Guess(0, Defaults), Defaults));
    }

    [Fact]
    public void Bkt_reaches_mastery_after_a_run_of_right_answers_and_falls_after_wrong_ones()
    {
        var known = Defaults.PriorKnown;
        var answers = 0;
        while (known < Defaults.MasteredAt)
        {
            known = Bkt.Update(known, true, 0.25, Defaults);
            answers++;
        }
        Assert.InRange(answers, 3, 6);
        Assert.True(Bkt.Update(known, false, 0.25, Defaults) < Defaults.MasteredAt);
    }

    [Fact]
    public void Elo_moves_skill_and_difficulty_apart_by_the_surprise_and_steps_shrink()
    {
        var parameters = new EloParameters();
        var (skill, difficulty) = Elo.Update(0, 0, 0, 0, correct: false, guess: 0, parameters);
        // P = .5: a wrong answer lowers skill by .5 and raises difficulty by .5 at the first step (K = 1).
        Assert.Equal(-0.5, skill, 6);
        Assert.Equal(0.5, difficulty, 6);
        Assert.True(Elo.Step(40, parameters) < Elo.Step(0, parameters) / 2.9);
        // With a guess floor a right answer to a multiple-choice item is less surprising.
        Assert.True(Elo.Update(0, 0, 0, 0, true, 0.25, parameters).Skill < Elo.Update(0, 0, 0, 0, true, 0, parameters).Skill);
    }

    [Fact]
    public void Fsrs_matches_the_reference_scheduler_review_by_review()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Learning", "fsrs-reference.json")));
        var weights = reference.RootElement.GetProperty("weights").EnumerateArray().Select(w => w.GetDouble()).ToArray();
        Assert.Equal(FsrsParameters.DefaultWeights, weights);
        var fsrs = new Fsrs();
        var checkedSteps = 0;
        foreach (var history in reference.RootElement.GetProperty("cases").EnumerateArray())
        {
            MemoryState? state = null;
            var now = new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc);
            foreach (var step in history.GetProperty("steps").EnumerateArray())
            {
                now = now.AddHours(step.GetProperty("hours").GetDouble());
                var review = fsrs.Review(state, (ReviewRating)step.GetProperty("rating").GetInt32(), now);
                Assert.Equal(step.GetProperty("stability").GetDouble(), review.State.Stability, 3);
                Assert.Equal(step.GetProperty("difficulty").GetDouble(), review.State.Difficulty, 3);
                Assert.Equal(step.GetProperty("dueDays").GetDouble(), review.IntervalDays);
                state = review.State;
                checkedSteps++;
            }
        }
        Assert.Equal(18, checkedSteps);
    }

    [Fact]
    public void Fsrs_recall_falls_with_time_and_a_forgotten_point_comes_back_sooner()
    {
        var fsrs = new Fsrs();
        var start = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);
        var first = fsrs.Review(null, ReviewRating.Good, start);
        Assert.Equal(1.0, fsrs.Retrievability(first.State, start), 6);
        Assert.True(fsrs.Retrievability(first.State, start.AddDays(10)) < fsrs.Retrievability(first.State, start.AddDays(2)));
        var remembered = fsrs.Review(first.State, ReviewRating.Good, first.Due);
        var forgotten = fsrs.Review(first.State, ReviewRating.Again, first.Due);
        Assert.True(forgotten.IntervalDays < remembered.IntervalDays);
        Assert.True(remembered.State.Stability > first.State.Stability);
    }
}
