using FunAsr.Security.Authorization;

namespace FunAsr.AsrService.Access;

/// <summary>
/// Where a caller's audio and job slots are counted, as the gateway set it in their token: the partitions (the person
/// and their key) and their quotas. Kept with a job, so the worker that runs it charges the person who submitted it.
/// </summary>
public sealed record AudioAccount(IReadOnlyList<string> Partitions, long AudioSecondsPerHour, long ConcurrentJobs)
{
    public static AudioAccount Of(Caller caller) => new(caller.LimitSubjects, caller.AudioSecondsPerHour, caller.ConcurrentJobs);
}
