using FunAsr.AsrService.Api.Uploads;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Transcription;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FunAsr.AsrService.Api.Native;

/// <summary>
/// Recordings kept for playback: a job's upload, or one the page keeps when it saves a synchronous transcript to the
/// library (the lecture takes the recording's id, so the library's player finds it). Kept for
/// <c>Asr:Jobs:RecordingRetention</c>.
/// </summary>
public static class RecordingEndpoints
{
    public static RouteGroupBuilder MapRecordingEndpoints(this RouteGroupBuilder asr)
    {
        asr.MapPost("/recordings", KeepAsync).WithName("KeepRecording").WithSummary("Keep a recording for playback; answers its id")
            .AcceptsUpload()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        asr.MapGet("/recordings/{id}", Recording).WithName("GetRecording").WithSummary("A kept recording (a job's upload), with range support")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        return asr;
    }

    private static async Task<Created<KeptRecording>> KeepAsync([FromForm] RecordingRequest request, JobStore store, JobAudioStore audioStore,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request.File is not { Length: > 0 } file)
        {
            throw AsrException.Invalid("missing_file", "Upload the recording as a non-empty 'file' part.", "file");
        }
        var id = TranscriptAssembler.NewId();
        await using var content = file.OpenReadStream();
        // A recording with no job is finished by definition: the janitor may evict it like a finished job's, never before.
        await audioStore.SaveAsync(id, content, file.Length, other => IsFinishedAsync(store, other), cancellationToken);
        audioStore.MarkFinished(id);
        try
        {
            await store.CreateRecordingAsync(id, file.FileName, file.ContentType);
        }
        catch (Exception ex) when (ex is AsrException or StackExchange.Redis.RedisException)
        {
            // Playback works without the name and type (the player sniffs the audio); the recording is what matters.
            loggers.CreateLogger(typeof(RecordingEndpoints)).LogWarning("Kept recording {RecordingId} without its name and type: {Reason}", id, ex.Message);
        }
        var url = $"/api/asr/recordings/{id}";
        return TypedResults.Created(url, new KeptRecording(id, url));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Recording(string id, JobStore store, JobAudioStore audioStore)
    {
        if (audioStore.OpenRead(id) is not { } stream)
        {
            return JobEndpoints.Problem(StatusCodes.Status404NotFound, "not_found", $"No kept recording '{id}'.");
        }
        var media = await TryGetMediaAsync(store, id);
        return TypedResults.Stream(stream, media?.ContentType ?? "application/octet-stream", media?.FileName, enableRangeProcessing: true);
    }

    private static async Task<bool> IsFinishedAsync(JobStore store, string id) => JobStatus.IsFinal(await store.GetStatusAsync(id) ?? JobStatus.Completed);

    // The recording outlives Redis trouble: serve it without its metadata rather than fail.
    private static async Task<(string FileName, string? ContentType)?> TryGetMediaAsync(JobStore store, string id)
    {
        try
        {
            return await store.GetMediaAsync(id);
        }
        catch (Exception ex) when (ex is AsrException or StackExchange.Redis.RedisException)
        {
            return null;
        }
    }
}
