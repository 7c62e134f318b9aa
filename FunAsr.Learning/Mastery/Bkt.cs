namespace FunAsr.Learning.Mastery;

/// <summary>
/// Bayesian Knowledge Tracing parameters: the prior P(L0), the chance to learn at each practice P(T), the chance to
/// slip although known P(S), and the ceiling of the guess P(G), which is otherwise 1/options of the item.
/// </summary>
public sealed record BktParameters
{
    public double PriorKnown { get; init; } = 0.3;
    public double Learn { get; init; } = 0.1;
    public double Slip { get; init; } = 0.1;
    public double MaxGuess { get; init; } = 0.3;

    /// <summary>The guess of an answer typed or spoken freely (no options to pick from).</summary>
    public double FreeResponseGuess { get; init; } = 0.1;

    /// <summary>P(L) at or above which a knowledge point counts as mastered.</summary>
    public double MasteredAt { get; init; } = 0.95;
}

/// <summary>Bayesian Knowledge Tracing (Corbett &amp; Anderson 1995; the update pyBKT's forward pass makes per observation).</summary>
public static class Bkt
{
    /// <summary>P(G) of an item with <paramref name="options"/> choices (0: a free response), at most the ceiling.</summary>
    public static double Guess(int options, BktParameters parameters) =>
        options <= 1 ? parameters.FreeResponseGuess : Math.Min(parameters.MaxGuess, 1.0 / options);

    /// <summary>P(L) after one graded answer: the posterior given the answer, then the chance of learning from the practice.</summary>
    public static double Update(double known, bool correct, double guess, BktParameters parameters)
    {
        var slip = parameters.Slip;
        var posterior = correct
            ? known * (1 - slip) / (known * (1 - slip) + (1 - known) * guess)
            : known * slip / (known * slip + (1 - known) * (1 - guess));
        var next = posterior + (1 - posterior) * parameters.Learn;
        return Math.Clamp(next, 0.0, 1.0);
    }

    /// <summary>P(correct) predicted for the next answer: known and not slipping, or unknown and guessing.</summary>
    public static double PredictCorrect(double known, double guess, BktParameters parameters) =>
        known * (1 - parameters.Slip) + (1 - known) * guess;
}
