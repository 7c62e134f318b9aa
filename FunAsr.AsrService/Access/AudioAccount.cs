using FunAsr.Security.Authorization;

namespace FunAsr.AsrService.Access;

/// <summary>
/// Where a caller's audio is counted, as the gateway set it in their token: the partitions (the person and their key)
/// and their quotas.
/// </summary>
public sealed record AudioAccount(IReadOnlyList<string> Partitions, long AudioSecondsPerHour, long ConcurrentJobs)
{
    public static AudioAccount Of(Caller caller) => new(caller.LimitSubjects, caller.AudioSecondsPerHour, caller.ConcurrentJobs);
}
