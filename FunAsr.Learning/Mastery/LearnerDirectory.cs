using FunAsr.Learning.Data;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Mastery;

/// <summary>Keeps the learner row of each caller current (name and department as the gateway last said), for reports.</summary>
public sealed class LearnerDirectory(LearningDbContext db, TimeProvider time)
{
    public async Task<Learner> TouchAsync(Caller caller, CancellationToken cancellationToken) =>
        await TouchAsync(caller.Subject, caller.Name, caller.Department, cancellationToken);

    /// <summary>Staged in the caller's unit of work; the caller saves.</summary>
    public async Task<Learner> TouchAsync(string userId, string? name, string? department, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var learner = db.Learners.Local.FirstOrDefault(l => l.UserId == userId)
                      ?? await db.Learners.FirstOrDefaultAsync(l => l.UserId == userId, cancellationToken);
        if (learner is null)
        {
            learner = new Learner { UserId = userId, FirstSeen = now };
            db.Learners.Add(learner);
        }
        learner.Name = name ?? learner.Name;
        learner.Department = department ?? learner.Department;
        learner.LastSeen = now;
        return learner;
    }
}
