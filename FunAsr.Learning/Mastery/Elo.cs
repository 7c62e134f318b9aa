namespace FunAsr.Learning.Mastery;

/// <summary>Elo for items and learners: the step shrinks with the number of answers each has seen.</summary>
public sealed record EloParameters
{
    /// <summary>The step of a rating with no answers yet (α of the uncertainty function α/(1+βn)).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>How fast the step shrinks (β).</summary>
    public double Beta { get; init; } = 0.05;
}

/// <summary>
/// Elo rating of item difficulty and learner skill (Pelánek 2016, "Applications of the Elo rating system in adaptive
/// educational systems"): P(correct) = g + (1−g)·σ(θ−d), θ += K(c−P), d −= K(c−P), K = α/(1+βn).
/// </summary>
public static class Elo
{
    public static double Expected(double skill, double difficulty, double guess) =>
        guess + (1 - guess) / (1 + Math.Exp(difficulty - skill));

    public static double Step(int answers, EloParameters parameters) => parameters.Alpha / (1 + parameters.Beta * answers);

    /// <summary>New (skill, difficulty) after one answer; each side moves by its own step.</summary>
    public static (double Skill, double Difficulty) Update(
        double skill, int learnerAnswers, double difficulty, int itemAnswers, bool correct, double guess, EloParameters parameters)
    {
        var surprise = (correct ? 1.0 : 0.0) - Expected(skill, difficulty, guess);
        return (skill + Step(learnerAnswers, parameters) * surprise, difficulty - Step(itemAnswers, parameters) * surprise);
    }
}
