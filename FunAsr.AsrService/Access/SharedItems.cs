using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;

namespace FunAsr.AsrService.Access;

/// <summary>
/// Who may see a job or a kept recording. A job is shared as its submitter chose. A recording that a lecture uses (the
/// lecture takes the recording's id) is shared exactly as the lecture is now, from QaBot's <see cref="LectureOwnershipIndex"/>,
/// so making a lecture private hides its audio too; until then the recording keeps the sharing it was kept with.
/// </summary>
public sealed class SharedItems(JobStore store, RedisConnection redis, AsrTelemetry telemetry)
{
    /// <summary>
    /// The sharing the caller chose in a form: a visibility (default everyone) and, for a department share, the department
    /// (default the caller's own).
    /// </summary>
    public static Ownership Choose(Caller caller, string? visibility, string? department)
    {
        var parsed = Visibility.Parse(visibility)
            ?? throw AsrException.Invalid("invalid_value", $"'visibility' must be {Visibility.Describe()}.", "visibility");
        var ownership = Ownership.Of(caller, parsed, department);
        return ownership.Problem() is { } problem ? throw AsrException.Invalid("missing_department", problem, "department") : ownership;
    }

    /// <summary>The job if the caller may see it; a job they may not see does not exist for them (404, not 403).</summary>
    public async Task<JobView?> JobAsync(Caller caller, string id)
    {
        if (await store.GetAsync(id) is not { } job)
        {
            return null;
        }
        if (new Ownership(job.Owner, job.OwnerName, job.Visibility, job.Department).CanRead(caller))
        {
            return job;
        }
        telemetry.AccessDenied("job");
        return null;
    }

    /// <summary>Whether the caller may play (or re-transcribe) the kept recording <paramref name="id"/>.</summary>
    public async Task<bool> CanReadRecordingAsync(Caller caller, string id)
    {
        if (caller.IsAdmin)
        {
            return true;
        }
        var database = store.Database;
        var ownership = await LectureOwnershipIndex.GetAsync(database, id) ?? await store.GetOwnershipAsync(id);
        redis.ReportSuccess();
        if (ownership?.CanRead(caller) == true)
        {
            return true;
        }
        telemetry.AccessDenied("recording");
        return false;
    }
}
