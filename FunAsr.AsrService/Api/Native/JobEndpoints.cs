using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FunAsr.AsrService.Api.Health;
using FunAsr.AsrService.Api.Subtitles;
using FunAsr.AsrService.Api.Transcription;
using FunAsr.AsrService.Jobs;
using Microsoft.OpenApi;

namespace FunAsr.AsrService.Api.Native;

/// <summary>Long-audio jobs: submit (202), status, server-sent progress, cancel, result download, recorded audio.</summary>
public static class JobEndpoints
{
    private static readonly TimeSpan EventPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder asr)
    {
        asr.MapPost("/jobs", SubmitAsync)
            .WithName("SubmitJob")
            .WithSummary("Queue a long recording for transcription")
            .WithDescription("Multipart: 'file' or 'uploadId' (the id of an earlier job whose recording is still kept), 'title', 'language', 'itn'.")
            .AcceptsMultipart(
                new("file", "The recording (any format ffmpeg reads)", Binary: true),
                new("uploadId", "Instead of 'file': the id of an earlier job whose recording is still kept"),
                new("title", "Lecture title (default: the file name)"),
                new("language", "ISO-639-1 code or 'auto'"),
                new("itn", "Inverse text normalisation (default true)", JsonSchemaType.Boolean))
            .Produces<JobAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        asr.MapGet("/jobs/{id}", GetAsync).WithName("GetJob").WithSummary("Job status, progress and result")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status404NotFound);
        asr.MapGet("/jobs/{id}/events", EventsAsync).WithName("JobEvents")
            .WithSummary("Server-sent events: progress {done,total,partialText}, then completed {transcript} or failed {error}")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);
        asr.MapDelete("/jobs/{id}", CancelAsync).WithName("CancelJob").WithSummary("Cancel a queued or running job")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        asr.MapGet("/jobs/{id}/result", ResultAsync).WithName("JobResult").WithSummary("Download the transcript as txt, srt, vtt or json")
            .Produces<Transcript>().Produces<string>(StatusCodes.Status200OK, "text/plain", "text/vtt", "application/x-subrip")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        asr.MapGet("/recordings/{id}", Recording).WithName("GetRecording").WithSummary("The uploaded audio of a job, while kept")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        return asr;
    }

    private static async Task<IResult> SubmitAsync(
        HttpRequest request,
        UploadFormReader reader,
        TranscriptionSettingsParser parser,
        ModelReadiness readiness,
        JobStore store,
        JobQueue queue,
        JobAudioStore audioStore,
        CancellationToken cancellationToken)
    {
        var database = store.Database;
        var form = await reader.ReadAsync(request, cancellationToken);
        var settings = parser.Parse(form, readiness.Recognizer.Model);

        byte[] content;
        string fileName;
        string? contentType;
        if (form.Files.Count > 0)
        {
            (fileName, contentType, content) = (form.Files[0].FileName, form.Files[0].ContentType, form.Files[0].Content);
        }
        else if (form.Value("uploadId") is { } uploadId)
        {
            if (!audioStore.Exists(uploadId))
            {
                throw ApiError.BadRequest("upload_not_found", $"No kept recording with id '{uploadId}'; upload the file again.", "uploadId");
            }
            var earlier = await store.GetSpecAsync(uploadId);
            (fileName, contentType) = (earlier?.FileName ?? "audio", earlier?.ContentType);
            content = await audioStore.ReadAsync(uploadId, cancellationToken);
        }
        else
        {
            throw ApiError.BadRequest("missing_file", "Provide the recording as a 'file' part, or 'uploadId' of an earlier job.", "file");
        }
        if (content.Length == 0)
        {
            throw ApiError.BadRequest("empty_audio", "The uploaded file is empty (0 bytes).", "file");
        }

        var id = TranscriptionService.NewId();
        await store.CreateAsync(new JobSpec(id, form.Value("title") ?? Path.GetFileNameWithoutExtension(fileName), fileName, contentType, settings));
        try
        {
            await audioStore.SaveAsync(id, content, async other => JobStatus.IsFinal(await store.GetStatusAsync(other) ?? JobStatus.Completed),
                cancellationToken);
            await queue.EnqueueAsync(database, id);
        }
        catch
        {
            audioStore.Delete(id);
            await store.FinishAsync(id, JobStatus.Failed, null, "the job could not be queued");
            throw;
        }
        var statusUrl = $"/api/asr/jobs/{id}";
        return TypedResults.Accepted(statusUrl, new JobAccepted(id, JobStatus.Queued, statusUrl, $"{statusUrl}/events"));
    }

    private static async Task<IResult> GetAsync(string id, JobStore store) =>
        TypedResults.Ok(await store.GetAsync(id) ?? throw NoJob(id));

    private static async Task<IResult> CancelAsync(string id, JobStore store, JobAudioStore audioStore)
    {
        var (cancelled, status) = await store.CancelAsync(id);
        if (status is null)
        {
            throw NoJob(id);
        }
        if (!cancelled)
        {
            throw new ApiError(StatusCodes.Status409Conflict, "job_finished", $"Job '{id}' has already {status}; nothing to cancel.");
        }
        // The upload is released at once rather than when a worker next looks: a worker holds its audio in memory,
        // and a cancelled status is never overwritten by one that finds the file gone.
        audioStore.Delete(id);
        return TypedResults.Ok(await store.GetAsync(id));
    }

    private static async Task<IResult> ResultAsync(string id, string? format, bool? rich, JobStore store)
    {
        var job = await store.GetAsync(id) ?? throw NoJob(id);
        if (job.Status != JobStatus.Completed || job.Result is not { } transcript)
        {
            throw new ApiError(StatusCodes.Status409Conflict, "job_not_completed",
                $"Job '{id}' is {job.Status}; its result is available once it has completed.");
        }
        var name = string.Concat((job.Title ?? id).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        var useRich = rich ?? false;
        return (format ?? "json").ToLowerInvariant() switch
        {
            "txt" => File((useRich ? transcript.RichText : transcript.Text) + "\n", "text/plain; charset=utf-8", $"{name}.txt"),
            "srt" => File(TranscriptSubtitles.Srt(transcript, useRich), "application/x-subrip; charset=utf-8", $"{name}.srt"),
            "vtt" => File(TranscriptSubtitles.Vtt(transcript, useRich), "text/vtt; charset=utf-8", $"{name}.vtt"),
            "json" => File(JsonSerializer.Serialize(transcript, Json), "application/json; charset=utf-8", $"{name}.json"),
            var other => throw ApiError.BadRequest("invalid_value", $"Unknown format '{other}'. Valid values: txt, srt, vtt, json.", "format"),
        };
    }

    private static async Task<IResult> EventsAsync(string id, JobStore store, CancellationToken cancellationToken)
    {
        _ = await store.GetAsync(id) ?? throw NoJob(id);
        return TypedResults.ServerSentEvents(Events(id, store, cancellationToken));
    }

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

    private static async Task<IResult> Recording(string id, JobStore store, JobAudioStore audioStore)
    {
        var stream = audioStore.OpenRead(id) ?? throw ApiError.NotFound($"No kept recording for job '{id}'.");
        var spec = await TryGetSpecAsync(store, id);
        return TypedResults.Stream(stream, spec?.ContentType ?? "application/octet-stream", spec?.FileName, enableRangeProcessing: true);
    }

    // The recording outlives Redis trouble: serve it without its metadata rather than fail.
    private static async Task<JobSpec?> TryGetSpecAsync(JobStore store, string id)
    {
        try
        {
            return await store.GetSpecAsync(id);
        }
        catch (ApiError)
        {
            return null;
        }
        catch (StackExchange.Redis.RedisException)
        {
            return null;
        }
    }

    private static IResult File(string content, string contentType, string downloadName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(content), contentType, downloadName);

    private static ApiError NoJob(string id) => ApiError.NotFound($"No job '{id}' (it may have expired).");
}
