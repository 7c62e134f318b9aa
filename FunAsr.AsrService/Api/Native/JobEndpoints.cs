using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using FunAsr.AsrService.Access;
using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Api.Uploads;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;
using FunAsr.Text.Subtitles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Native;

/// <summary>
/// Long-audio jobs: submit (202), status, server-sent progress, cancel, result download. Content users submit and
/// cancel; anyone sees the jobs shared with them (a job they may not see answers 404, as if it did not exist).
/// </summary>
public static class JobEndpoints
{
    private static readonly TimeSpan EventPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder asr)
    {
        asr.MapPost("/jobs", SubmitAsync)
            .WithName("SubmitJob")
            .WithSummary("Queue a long recording for transcription")
            .AcceptsUpload()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRole(Roles.Content);
        asr.MapGet("/jobs/{id}", GetAsync).WithName("GetJob").WithSummary("Job status, progress and result")
            .ProducesProblem(StatusCodes.Status404NotFound);
        asr.MapGet("/jobs/{id}/events", EventsAsync).WithName("JobEvents")
            .WithSummary("Server-sent events: progress {done,total,partialText}, then completed {transcript} or failed {error}")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);
        asr.MapDelete("/jobs/{id}", CancelAsync).WithName("CancelJob").WithSummary("Cancel a queued or running job")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole(Roles.Content);
        asr.MapGet("/jobs/{id}/result", ResultAsync).WithName("JobResult")
            .WithSummary("Download the transcript as txt, srt, vtt or json; speaker_labels=true prefixes cues with the speaker")
            .Produces<Transcript>(StatusCodes.Status200OK, "application/json")
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/vtt", "application/x-subrip")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return asr;
    }

    // At most ten parameters: with an eleventh, ASP.NET Core 10 fails to build this [FromForm] delegate at start
    // ("variable 'request_local' ... referenced from scope '', but it is not defined").
    private static async Task<Accepted<JobAccepted>> SubmitAsync(
        [FromForm] JobRequest request,
        ClaimsPrincipal user,
        TranscriptionSettingsParser parser,
        ModelReadiness readiness,
        JobStore store,
        JobAudioStore audioStore,
        SharedItems shared,
        AudioUsage usage,
        CancellationToken cancellationToken)
    {
        // Refused before the upload is read when Redis is down (503): a job cannot exist without it.
        _ = store.Database;
        var caller = Caller.Of(user);
        var settings = parser.Parse(readiness.Recognizer.Model, request.Model, request.Language, request.Itn,
            hotwords: request.Hotwords, redact: request.Redact, redactMask: request.RedactMask, redactAudio: request.RedactAudio) with
        {
            Diarization = TranscriptionSettingsParser.Diarization(TranscriptionSettingsParser.Bool(request.Diarize, "diarize", false),
                request.NumSpeakers, request.MinSpeakers, request.MaxSpeakers, VoiceTenant.Of(user)),
        };
        // A job the replicas cannot diarize is refused now, not failed after its upload and queueing.
        parser.CheckDiarization(settings.Diarization);
        var ownership = SharedItems.Choose(caller, request.Visibility, request.Department);

        Stream content;
        long length;
        string fileName;
        string? contentType;
        if (request.File is { } file)
        {
            (fileName, contentType, content, length) = (file.FileName, file.ContentType, file.OpenReadStream(), file.Length);
        }
        else if (TranscriptionSettingsParser.Value(request.UploadId) is { } uploadId)
        {
            // Someone else's recording is not there to re-transcribe unless it is shared with the caller.
            if (!await shared.CanReadRecordingAsync(caller, uploadId) || audioStore.OpenRead(uploadId) is not { } kept)
            {
                throw AsrException.Invalid("upload_not_found", $"No kept recording with id '{uploadId}'; upload the file again.", "uploadId");
            }
            var earlier = await store.GetMediaAsync(uploadId);
            (fileName, contentType, content, length) = (earlier?.FileName ?? "audio", earlier?.ContentType, kept, kept.Length);
        }
        else
        {
            throw AsrException.Invalid("missing_file", "Provide the recording as a 'file' part, or 'uploadId' of an earlier job.", "file");
        }
        await using (content)
        {
            if (length == 0)
            {
                throw AsrException.Invalid("empty_audio", "The uploaded file is empty (0 bytes).", "file");
            }

            var id = TranscriptAssembler.NewId();
            var title = TranscriptionSettingsParser.Value(request.Title) ?? Path.GetFileNameWithoutExtension(fileName);
            // The caller's job slot is held from here until the job ends (JobProcessor frees it, or cancelling does).
            var account = AudioAccount.Of(caller);
            await usage.AcquireJobSlotAsync(account, id, cancellationToken);
            try
            {
                // The audio first, then the record and the stream entry in one step: a job is queued exactly when it exists.
                // A crash between the two leaves only a file no record names, which the janitor removes after the retention.
                await audioStore.SaveAsync(id, content, length,
                    async other => JobStatus.IsFinal(await store.GetStatusAsync(other) ?? JobStatus.Completed), cancellationToken);
                // On disk now: the upload's memory charge is given back.
                UploadMemory.HandOver();
                await store.SubmitAsync(new JobSpec(id, title, fileName, contentType, settings) { Ownership = ownership, Account = account });
            }
            catch
            {
                audioStore.Delete(id);
                await usage.ReleaseJobSlotAsync(account, id);
                throw;
            }
            var statusUrl = $"/api/asr/jobs/{id}";
            return TypedResults.Accepted(statusUrl, new JobAccepted(id, JobStatus.Queued, statusUrl, $"{statusUrl}/events"));
        }
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, SharedItems shared) =>
        await shared.JobAsync(Caller.Of(user), id) is { } job ? TypedResults.Ok(job) : NoJob(id);

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> CancelAsync(
        string id, ClaimsPrincipal user, JobStore store, JobAudioStore audioStore, JobResultOutbox outbox, SharedItems shared, AudioUsage usage)
    {
        var caller = Caller.Of(user);
        if (await shared.JobAsync(caller, id) is null)
        {
            return NoJob(id);
        }
        var (cancelled, status) = await store.CancelAsync(id);
        if (status is null)
        {
            return NoJob(id);
        }
        if (!cancelled)
        {
            return Problem(StatusCodes.Status409Conflict, "job_finished", $"Job '{id}' has already {status}; nothing to cancel.");
        }
        // The upload is released at once rather than when a worker next looks: a worker holds its audio in memory,
        // and a cancelled status is never overwritten by one that finds the file gone. So is the submitter's job slot.
        audioStore.Delete(id);
        outbox.Delete(id);
        if ((await store.GetSpecAsync(id))?.Account is { } account)
        {
            await usage.ReleaseJobSlotAsync(account, id);
        }
        return TypedResults.Ok((await store.GetAsync(id))!);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ResultAsync(
        string id, string? format, bool? rich, [FromQuery(Name = "speaker_labels")] bool? speakerLabels, ClaimsPrincipal user, SharedItems shared, IOptions<SubtitleRules> rules)
    {
        if (await shared.JobAsync(Caller.Of(user), id) is not { } job)
        {
            return NoJob(id);
        }
        if (job.Status != JobStatus.Completed || job.Result is not { } transcript)
        {
            return Problem(StatusCodes.Status409Conflict, "job_not_completed",
                $"Job '{id}' is {job.Status}; its result is available once it has completed.");
        }
        var name = job.Title ?? id;
        if ((format ?? "json").Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return File(JsonSerializer.Serialize(transcript, Json), "application/json; charset=utf-8", TranscriptFiles.FileName(name, id, "json"));
        }
        if (SubtitleWriter.ParseFormat(format) is not { } kind)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid_value", $"Unknown format '{format}'. Valid values: txt, srt, vtt, json.", "format");
        }
        return File(TranscriptFiles.Write(kind, transcript, rich ?? false, rules.Value, speakerLabels ?? false), SubtitleWriter.MediaType(kind),
            TranscriptFiles.FileName(name, id, SubtitleWriter.Extension(kind)));
    }

    private static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> EventsAsync(
        string id, ClaimsPrincipal user, JobStore store, SharedItems shared, CancellationToken cancellationToken) =>
        await shared.JobAsync(Caller.Of(user), id) is null ? NoJob(id) : TypedResults.ServerSentEvents(Events(id, store, cancellationToken));

    private static async IAsyncEnumerable<SseItem<object>> Events(string id, JobStore store, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (int, int, string?)? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await store.GetAsync(id) is not { } job)
            {
                yield return new SseItem<object>(new { error = "the job no longer exists" }, "failed");
                yield break;
            }
            var progress = (job.Progress.Done, job.Progress.Total, job.PartialText);
            if (progress != last && job.Status is JobStatus.Running or JobStatus.Completed && job.Progress.Total > 0)
            {
                last = progress;
                yield return new SseItem<object>(new { done = job.Progress.Done, total = job.Progress.Total, partialText = job.PartialText ?? string.Empty }, "progress");
            }
            switch (job.Status)
            {
                case JobStatus.Completed:
                    yield return new SseItem<object>(new { transcript = job.Result }, "completed");
                    yield break;
                case JobStatus.Failed or JobStatus.Cancelled:
                    yield return new SseItem<object>(new { error = job.Error ?? job.Status, status = job.Status }, "failed");
                    yield break;
            }
            await Task.Delay(EventPollInterval, cancellationToken);
        }
    }

    private static FileContentHttpResult File(string content, string contentType, string downloadName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(content), contentType, downloadName);

    private static ProblemHttpResult NoJob(string id) => Problem(StatusCodes.Status404NotFound, "not_found", $"No job '{id}' (it may have expired).");

    internal static ProblemHttpResult Problem(int status, string code, string detail, string? param = null) =>
        TypedResults.Problem(detail, statusCode: status, extensions: param is null
            ? new Dictionary<string, object?> { ["code"] = code }
            : new Dictionary<string, object?> { ["code"] = code, ["param"] = param });
}
