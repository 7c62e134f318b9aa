using FunAsr.AsrService.Access;
using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>Runs one job through the transcription pipeline: its stored audio decoded, segmented once, recognised with progress, the transcript published.</summary>
public sealed class JobProcessor(
    JobStore store,
    JobAudioStore audioStore,
    TranscriptionPipeline pipeline,
    TranscriptPublisher publisher,
    AudioUsage usage,
    IOptions<JobOptions> options,
    AsrTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<JobProcessor> logger)
{
    /// <summary>
    /// Returns normally when the job reached a final state (or no longer exists) and its stream entry may be acknowledged;
    /// throws when the job must stay pending for another worker (shutdown, Redis failure).
    /// </summary>
    public async Task RunAsync(IDatabase database, string jobId, string worker, CancellationToken stoppingToken)
    {
        var spec = await store.GetSpecAsync(jobId);
        await RunAsync(database, jobId, spec, worker, stoppingToken);
        // The submitter's job slot is freed once the job has ended, however it ended; a job that must stay pending keeps it.
        if (spec?.Account is { } account && JobStatus.IsFinal(await store.GetStatusAsync(jobId) ?? JobStatus.Completed))
        {
            await usage.ReleaseJobSlotAsync(account, jobId);
        }
    }

    private async Task RunAsync(IDatabase database, string jobId, JobSpec? spec, string worker, CancellationToken stoppingToken)
    {
        using var activity = AsrTelemetry.StartStage("job");
        activity?.SetTag("asr.job.id", jobId);
        var status = await store.GetStatusAsync(jobId);
        if (spec is null || JobStatus.IsFinal(status))
        {
            if (status == JobStatus.Cancelled)
            {
                audioStore.Delete(jobId);
            }
            return;
        }
        var attempt = await store.StartAsync(jobId, worker);
        if (attempt < 0)
        {
            audioStore.Delete(jobId);
            return;
        }
        activity?.SetTag("asr.job.attempt", attempt);
        if (attempt > options.Value.MaxAttempts)
        {
            await FailAsync(jobId, $"Gave up after {attempt - 1} attempts: the workers running this job kept stopping before it finished.");
            return;
        }
        if (attempt > 1)
        {
            logger.LogInformation("Job {JobId} taken over by {Worker} (attempt {Attempt})", jobId, worker, attempt);
        }

        try
        {
            if (!audioStore.Exists(jobId))
            {
                await FailAsync(jobId, "The job's audio is no longer stored.");
                return;
            }
            var started = timeProvider.GetTimestamp();
            // The job's samples stay charged to the replica's memory budget until it is done; a replica at capacity
            // makes the job wait its turn rather than fail.
            using var memory = await pipeline.Admission.Memory.AcquireAsync(0, stoppingToken);
            var audio = await pipeline.DecodeWhenAdmittedAsync(() => audioStore.OpenRead(jobId) ?? throw new FileNotFoundException("The job's audio is no longer stored."),
                new AudioDecodeLimits
                {
                    MaxDurationSeconds = options.Value.MaxDurationSeconds,
                    MaxDurationSetting = "Asr:Jobs:MaxDurationSeconds",
                    TooLongHint = "Split the recording and submit the parts as separate jobs.",
                    Memory = memory,
                }, stoppingToken);
            activity?.SetTag("audio.duration_s", audio.Duration.TotalSeconds);
            if (spec.Account is { } account)
            {
                // Accepted work is done whatever the budget says now; what it costs is charged to the submitter's hour.
                await usage.ChargeAsync(account, audio.Duration.TotalSeconds, stoppingToken);
            }
            var model = pipeline.Recognizer.Model;
            var spans = pipeline.Segment(audio.Samples, stoppingToken);
            await store.ReportProgressAsync(jobId, 0, spans.Count, string.Empty);

            var transcript = new TranscriptAssembler();
            await foreach (var progress in pipeline.RecognizeAsync(audio.Samples, spans, spec.Settings, waitWhenBusy: true, stoppingToken))
            {
                transcript.Add(progress.Segments);
                await store.ReportProgressAsync(jobId, progress.Done, progress.Total, transcript.Text);
                if (spec.Account is { } holder)
                {
                    await usage.RenewJobSlotAsync(holder, jobId);
                }
                // Checked as each request of segments finishes, so a cancelled job stops within one request's time.
                if (progress.Done < progress.Total && await store.GetStatusAsync(jobId) == JobStatus.Cancelled)
                {
                    logger.LogInformation("Job {JobId} cancelled after {Done} of {Total} segments", jobId, progress.Done, progress.Total);
                    audioStore.Delete(jobId);
                    telemetry.JobFinished(JobStatus.Cancelled);
                    return;
                }
            }

            var result = transcript.Build(jobId, spec.Title, model.Id, spec.Settings.Language, audio.Duration.TotalSeconds);
            telemetry.AudioTranscribed(model.Id, audio.Duration.TotalSeconds, timeProvider.GetElapsedTime(started));
            if (await store.FinishAsync(jobId, JobStatus.Completed, result, null))
            {
                await publisher.PublishAsync(database, result, spec.Ownership);
                audioStore.MarkFinished(jobId);
                telemetry.JobFinished(JobStatus.Completed);
            }
            else
            {
                audioStore.Delete(jobId);
            }
        }
        catch (Exception ex) when (ex is AsrException or AudioDecodeException or AdmissionRejectedException or FileNotFoundException)
        {
            await FailAsync(jobId, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not RedisException)
        {
            logger.LogError(ex, "Job {JobId} failed", jobId);
            await FailAsync(jobId, $"Transcription failed ({ex.GetType().Name}: {ex.Message}).");
        }
    }

    private async Task FailAsync(string jobId, string error)
    {
        logger.LogWarning("Job {JobId} failed: {Error}", jobId, error);
        await store.FinishAsync(jobId, JobStatus.Failed, null, error);
        audioStore.MarkFinished(jobId);
        telemetry.JobFinished(JobStatus.Failed);
    }
}
