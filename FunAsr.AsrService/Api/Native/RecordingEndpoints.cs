using System.Security.Claims;
using FunAsr.AsrService.Access;
using FunAsr.AsrService.Api.Uploads;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FunAsr.AsrService.Api.Native;

/// <summary>
/// Recordings kept for playback: a job's upload, or one the page keeps when it saves a synchronous transcript to the
/// library (the lecture takes the recording's id, so the library's player finds it). Kept for
/// <c>Asr:Jobs:RecordingRetention</c>. Content users keep them; anyone plays those shared with them (a lecture's recording is
/// shared as the lecture is, see <see cref="SharedItems"/>).
/// </summary>
public static class RecordingEndpoints
{
    public static RouteGroupBuilder MapRecordingEndpoints(this RouteGroupBuilder asr)
    {
        asr.MapPost("/recordings", KeepAsync).WithName("KeepRecording").WithSummary("Keep a recording for playback; answers its id")
            .AcceptsUpload()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRole(Roles.Content);
        asr.MapGet("/recordings/{id}", Recording).WithName("GetRecording").WithSummary("A kept recording (a job's upload), with range support")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        return asr;
    }

    private static async Task<Created<KeptRecording>> KeepAsync([FromForm] RecordingRequest request, ClaimsPrincipal user, JobStore store,
        JobAudioStore audioStore, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request.File is not { Length: > 0 } file)
        {
            throw AsrException.Invalid("missing_file", "Upload the recording as a non-empty 'file' part.", "file");
        }
        var ownership = SharedItems.Choose(Caller.Of(user), request.Visibility, request.Department);
        var id = TranscriptAssembler.NewId();
        await using var content = file.OpenReadStream();
        // A recording with no job is finished by definition: the janitor may evict it like a finished job's, never before.
        await audioStore.SaveAsync(id, content, file.Length, other => IsFinishedAsync(store, other), cancellationToken);
        // On disk now: the upload's memory charge is given back.
        FunAsr.AsrService.Admission.UploadMemory.HandOver();
        audioStore.MarkFinished(id);
        try
        {
            await store.CreateRecordingAsync(id, file.FileName, file.ContentType, ownership);
        }
        catch (Exception ex) when (ex is AsrException || FunAsr.Messaging.RedisFault.IsOutage(ex))
        {
            // Kept without its record, the recording plays for admins and for whoever sees the lecture that takes its id.
            loggers.CreateLogger(typeof(RecordingEndpoints)).LogWarning("Kept recording {RecordingId} without its owner, name and type: {Reason}", id, ex.Message);
        }
        var url = $"/api/asr/recordings/{id}";
        return TypedResults.Created(url, new KeptRecording(id, url));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Recording(
        string id, ClaimsPrincipal user, JobStore store, JobAudioStore audioStore, SharedItems shared)
    {
        if (!audioStore.Exists(id) || !await shared.CanReadRecordingAsync(Caller.Of(user), id) || audioStore.OpenRead(id) is not { } stream)
        {
            return JobEndpoints.Problem(StatusCodes.Status404NotFound, "not_found", $"No kept recording '{id}'.");
        }
        var media = await TryGetMediaAsync(store, id);
        return TypedResults.Stream(stream, media?.ContentType ?? "application/octet-stream", media?.FileName, enableRangeProcessing: true);
    }

    private static async Task<bool> IsFinishedAsync(JobStore store, string id) => JobStatus.IsFinal(await store.GetStatusAsync(id) ?? JobStatus.Completed);

    // Once access is settled, a Redis hiccup costs only the name and type: the recording is served without them.
    private static async Task<(string FileName, string? ContentType)?> TryGetMediaAsync(JobStore store, string id)
    {
        try
        {
            return await store.GetMediaAsync(id);
        }
        catch (Exception ex) when (ex is AsrException || FunAsr.Messaging.RedisFault.IsOutage(ex))
        {
            return null;
        }
    }
}
