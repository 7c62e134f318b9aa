using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Mastery;

/// <summary>One graded answer about one knowledge point.</summary>
public sealed record Observation(int PointId, bool Correct, int Options, TimeSpan? Duration);

/// <summary>How one point moved in an attempt.</summary>
public sealed record MasteryChange(int PointId, double Before, double After, bool BecameMastered, DateTime Due);

/// <summary>
/// Applies graded answers to a learner's model: BKT per knowledge point (guess = 1/options), FSRS review memory per point
/// (wrong = again, slow = hard, right = good, fast = easy), and a sample per touched point for the chart. Works in the
/// caller's unit of work; the caller saves.
/// </summary>
public sealed class MasteryTracker(LearningDbContext db, IOptions<LearningOptions> options, TimeProvider time)
{
    private MasteryOptions Settings => options.Value.Mastery;

    public async Task<IReadOnlyList<MasteryChange>> ApplyAsync(string userId, IReadOnlyList<Observation> observations, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var bkt = Settings.Bkt();
        var fsrs = new Fsrs(Settings.Fsrs());
        var ids = observations.Select(o => o.PointId).Distinct().ToList();
        var states = await db.MasteryStates.Where(m => m.UserId == userId && ids.Contains(m.KnowledgePointId))
            .ToDictionaryAsync(m => m.KnowledgePointId, cancellationToken);
        var before = new Dictionary<int, double>();
        foreach (var observation in observations)
        {
            if (!states.TryGetValue(observation.PointId, out var state))
            {
                state = new MasteryState { UserId = userId, KnowledgePointId = observation.PointId, Known = bkt.PriorKnown };
                states[observation.PointId] = state;
                db.MasteryStates.Add(state);
            }
            before.TryAdd(observation.PointId, state.Known);
            state.Known = Bkt.Update(state.Known, observation.Correct, Bkt.Guess(observation.Options, bkt), bkt);
            state.Answers++;
            state.Correct += observation.Correct ? 1 : 0;
            state.UpdatedAt = now;
            var memory = state.Stability > 0 ? new MemoryState(state.Stability, state.ReviewDifficulty, state.LastReview) : (MemoryState?)null;
            var review = fsrs.Review(memory, Rate(observation), now);
            state.Stability = review.State.Stability;
            state.ReviewDifficulty = review.State.Difficulty;
            state.LastReview = now;
            state.Due = review.Due;
            state.Lapses += observation.Correct ? 0 : 1;
        }
        var changes = new List<MasteryChange>();
        foreach (var (id, state) in states.Where(s => before.ContainsKey(s.Key)))
        {
            var becameMastered = !state.Mastered && state.Known >= bkt.MasteredAt;
            if (becameMastered)
            {
                state.Mastered = true;
                state.MasteredAt = now;
            }
            else if (state.Mastered && state.Known < bkt.MasteredAt)
            {
                // A point forgotten again is no longer mastered; the plan brings it back.
                state.Mastered = false;
            }
            db.MasterySamples.Add(new MasterySample { UserId = userId, KnowledgePointId = id, Known = state.Known, At = now });
            changes.Add(new MasteryChange(id, before[id], state.Known, becameMastered, state.Due));
        }
        return changes;
    }

    private ReviewRating Rate(Observation observation) =>
        !observation.Correct ? ReviewRating.Again
        : observation.Duration is { } d && d >= Settings.SlowAnswer ? ReviewRating.Hard
        : observation.Duration is { } f && f > TimeSpan.Zero && f <= Settings.FastAnswer ? ReviewRating.Easy
        : ReviewRating.Good;
}
