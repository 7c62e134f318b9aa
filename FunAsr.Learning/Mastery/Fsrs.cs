namespace FunAsr.Learning.Mastery;

/// <summary>How an answer rates a review: wrong = again, right but slow = hard, right = good, right and fast = easy.</summary>
public enum ReviewRating
{
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

/// <summary>A knowledge point's memory state for one learner: stability in days, difficulty 1–10, and when it was last reviewed.</summary>
public readonly record struct MemoryState(double Stability, double Difficulty, DateTime LastReview);

/// <summary>The state after a review and when the next one is due.</summary>
public readonly record struct ScheduledReview(MemoryState State, DateTime Due, int IntervalDays);

public sealed record FsrsParameters
{
    /// <summary>FSRS-6's default weights w0…w20 (those py-fsrs 6 and ts-fsrs 5 ship).</summary>
    public static readonly double[] DefaultWeights =
    [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ];

    public IReadOnlyList<double> Weights { get; init; } = DefaultWeights;

    /// <summary>The recall probability a review is scheduled for.</summary>
    public double DesiredRetention { get; init; } = 0.9;

    public int MaximumIntervalDays { get; init; } = 365;
}

/// <summary>
/// The FSRS-6 scheduler without learning steps, in whole days as the reference schedulers count them (open-spaced-repetition's
/// ALGORITHM.md; checked against ts-fsrs 5.4.2): a power forgetting curve R(t,S) = (1 + F·t/S)^−w20, initial stability and
/// difficulty per rating, recall and forget stability, same-day (short-term) stability, and intervals kept in rating order.
/// </summary>
public sealed class Fsrs(FsrsParameters? parameters = null)
{
    private const double MinStability = 0.01;
    private readonly FsrsParameters _p = parameters ?? new FsrsParameters();

    private double W(int i) => _p.Weights[i];

    private double Decay => -W(20);

    private double Factor => Math.Pow(0.9, 1 / Decay) - 1;

    /// <summary>Calendar days (UTC) between two moments: reviews on one day are one session.</summary>
    public static int ElapsedDays(DateTime from, DateTime to) => Math.Max(0, (int)(to.Date - from.Date).TotalDays);

    public double Retrievability(MemoryState state, DateTime now) =>
        Math.Pow(1 + Factor * ElapsedDays(state.LastReview, now) / state.Stability, Decay);

    /// <summary>The review at <paramref name="now"/> rated <paramref name="rating"/>; null <paramref name="state"/> is a first review.</summary>
    public ScheduledReview Review(MemoryState? state, ReviewRating rating, DateTime now)
    {
        var next = NextState(state, rating, now);
        var hard = Interval(NextState(state, ReviewRating.Hard, now).Stability);
        var good = Interval(NextState(state, ReviewRating.Good, now).Stability);
        var easy = Interval(NextState(state, ReviewRating.Easy, now).Stability);
        // As the reference schedulers do: a better rating never comes back sooner than a worse one.
        hard = Math.Min(hard, good);
        good = Math.Max(good, hard + 1);
        easy = Math.Max(easy, good + 1);
        var days = rating switch
        {
            ReviewRating.Again => Interval(next.Stability),
            ReviewRating.Hard => hard,
            ReviewRating.Good => good,
            _ => easy,
        };
        return new ScheduledReview(next, now.AddDays(days), days);
    }

    private int Interval(double stability)
    {
        var days = stability / Factor * (Math.Pow(_p.DesiredRetention, 1 / Decay) - 1);
        return (int)Math.Clamp(Math.Round(days, MidpointRounding.AwayFromZero), 1, _p.MaximumIntervalDays);
    }

    private MemoryState NextState(MemoryState? state, ReviewRating rating, DateTime now)
    {
        var g = (int)rating;
        if (state is not { } s)
        {
            return new MemoryState(Math.Max(MinStability, W(g - 1)), Math.Clamp(InitialDifficulty(g), 1, 10), now);
        }
        double stability;
        if (ElapsedDays(s.LastReview, now) == 0)
        {
            var increase = Math.Exp(W(17) * (g - 3 + W(18))) * Math.Pow(s.Stability, -W(19));
            stability = s.Stability * (g >= 3 ? Math.Max(increase, 1) : increase);
        }
        else
        {
            var r = Retrievability(s, now);
            stability = rating == ReviewRating.Again ? ForgetStability(s, r) : RecallStability(s, r, rating);
        }
        return new MemoryState(Math.Max(MinStability, stability), NextDifficulty(s.Difficulty, g), now);
    }

    private double InitialDifficulty(int g) => W(4) - Math.Exp(W(5) * (g - 1)) + 1;

    private double NextDifficulty(double difficulty, int g)
    {
        var delta = -W(6) * (g - 3);
        var damped = difficulty + delta * (10 - difficulty) / 9;
        // Mean reversion towards the (unclamped) initial difficulty of an easy first answer.
        return Math.Clamp(W(7) * InitialDifficulty(4) + (1 - W(7)) * damped, 1, 10);
    }

    private double RecallStability(MemoryState s, double r, ReviewRating rating)
    {
        var hard = rating == ReviewRating.Hard ? W(15) : 1;
        var easy = rating == ReviewRating.Easy ? W(16) : 1;
        return s.Stability * (1 + Math.Exp(W(8)) * (11 - s.Difficulty) * Math.Pow(s.Stability, -W(9))
            * (Math.Exp(W(10) * (1 - r)) - 1) * hard * easy);
    }

    private double ForgetStability(MemoryState s, double r)
    {
        var longTerm = W(11) * Math.Pow(s.Difficulty, -W(12)) * (Math.Pow(s.Stability + 1, W(13)) - 1) * Math.Exp(W(14) * (1 - r));
        var shortTerm = s.Stability / Math.Exp(W(17) * W(18));
        return Math.Min(longTerm, shortTerm);
    }
}
