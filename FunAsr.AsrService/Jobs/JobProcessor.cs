using FunAsr.AsrService.Access;
using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using FunAsr.Messaging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Runs one job through the transcription pipeline: its stored audio decoded, segmented once, recognised with progress,
/// then the transcript kept in the outbox and the job completed and published in one step (a redacted job's audit entry
/// with it). Every write is fenced by the attempt number, so a worker that lost its job (taken over, re-queued,
/// cancelled) stops instead of overwriting.
/// Redis faults never fail a job: progress is best effort, the completion is retried until Redis takes it (or the lease
/// is lost, and the next worker completes it from the outbox).
/// </summary>
public sealed class JobProcessor(
    JobStore store,
    JobAudioStore audioStore,
    JobResultOutbox outbox,
    TranscriptionPipeline pipeline,
    RedisConnection redis,
    AudioRedactor audioRedactor,
    SharedTermSource terms,
    SpeakerNamer speakers,
    AudioUsage usage,
    IOptions<JobOptions> options,
    IOptions<SpeechComplianceOptions> compliance,
    AsrTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<JobProcessor> logger)
{
    /// <summary>How long a progress report may wait for Redis before recognition goes on without it.</summary>
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CompletionRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxCompletionRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Returns normally when the job reached a final state (or no longer exists) and its stream entry may be acknowledged;
    /// throws when the job must stay pending for another worker (shutdown, lost lease, Redis outage), and
    /// <see cref="StreamEntrySupersededException"/> when another attempt owns it now.
    /// </summary>
    public async Task RunAsync(IDatabase database, string jobId, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        var spec = await store.GetSpecAsync(database, jobId);
        await RunAsync(database, jobId, spec, delivery, cancellationToken);
        // The submitter's job slot is freed once the job has ended, however it ended; a job that must stay pending keeps it.
        if (spec?.Account is { } account && JobStatus.IsFinal(await store.GetStatusAsync(database, jobId) ?? JobStatus.Completed))
        {
            await usage.ReleaseJobSlotAsync(account, jobId);
        }
    }

    private async Task RunAsync(IDatabase database, string jobId, JobSpec? spec, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        using var activity = AsrTelemetry.StartStage("job");
        activity?.SetTag("asr.job.id", jobId);
        var status = await store.GetStatusAsync(database, jobId);
        if (spec is null || JobStatus.IsFinal(status))
        {
            if (status == JobStatus.Cancelled)
            {
                Forget(jobId);
            }
            return;
        }
        var attempt = await store.StartAsync(database, jobId, delivery.Consumer, delivery.Id);
        switch (attempt)
        {
            case -3:
                logger.LogWarning("Entry {EntryId} names job {JobId}, which is queued under another entry; acknowledged without work", delivery.Id, jobId);
                return;
            case < 0:
                return;
        }
        activity?.SetTag("asr.job.attempt", attempt);
        if (attempt > options.Value.MaxAttempts)
        {
            await FailAsync(database, jobId, attempt, $"Gave up after {attempt - 1} attempts: the workers running this job kept stopping before it finished.");
            return;
        }
        if (attempt > 1)
        {
            logger.LogInformation("Job {JobId} taken over by {Worker} (attempt {Attempt})", jobId, delivery.Consumer, attempt);
        }

        try
        {
            var result = await outbox.TryReadAsync(jobId, cancellationToken);
            if (result is not null)
            {
                logger.LogInformation("Job {JobId} was recognised by an earlier attempt that could not publish it; completing it from the stored result", jobId);
                activity?.SetTag("asr.job.from_outbox", true);
            }
            else if (!audioStore.Exists(jobId))
            {
                await FailAsync(database, jobId, attempt, "The job's audio is no longer stored.");
                return;
            }
            else if (await RecognizeAsync(database, spec, attempt, cancellationToken) is { } recognised)
            {
                result = recognised;
                // Kept before the completion is tried: from here on a crash or an outage costs no recognition.
                await outbox.WriteAsync(jobId, result, cancellationToken);
            }
            else
            {
                return;
            }
            await CompleteAsync(database, spec, attempt, result, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !delivery.LeaseLost)
        {
            // The replica is stopping: the job goes back to the queue (its entry stays pending for another worker).
            logger.LogInformation("Replica stopping: job {JobId} is handed back and will be taken over by another worker", jobId);
            await HandBackAsync(database, jobId, attempt);
            throw;
        }
        catch (Exception ex) when (ex is AsrException or AudioDecodeException or AdmissionRejectedException or FileNotFoundException)
        {
            await FailAsync(database, jobId, attempt, ex.Message);
        }
        // A worker that lost its lease reports nothing: the job is someone else's now (and its writes would be refused).
        catch (Exception ex) when (ex is not OperationCanceledException and not StreamEntrySupersededException && !RedisFault.IsOutage(ex) && !delivery.LeaseLost)
        {
            logger.LogError(ex, "Job {JobId} failed", jobId);
            await FailAsync(database, jobId, attempt, $"Transcription failed ({ex.GetType().Name}: {ex.Message}).");
        }
    }

    private async Task HandBackAsync(IDatabase database, string jobId, long attempt)
    {
        try
        {
            await RedisFault.WithinAsync(store.RequeueAsync(database, jobId, attempt), ProgressTimeout, timeProvider);
        }
        catch (Exception ex) when (RedisFault.IsOutage(ex))
        {
            // Redis is gone too: the entry is still pending, and the next worker re-reads the job's state.
        }
    }

    /// <summary>The job's transcript, or null when it was cancelled on the way (then its audio is already released).</summary>
    private async Task<RecognizedJob?> RecognizeAsync(IDatabase database, JobSpec spec, long attempt, CancellationToken cancellationToken)
    {
        var jobId = spec.Id;
        var started = timeProvider.GetTimestamp();
        // The job's samples stay charged to the replica's memory budget until it is done; a replica at capacity
        // makes the job wait its turn rather than fail.
        using var memory = await pipeline.Admission.Memory.AcquireAsync(0, cancellationToken);
        var audio = await pipeline.DecodeWhenAdmittedAsync(() => audioStore.OpenRead(jobId) ?? throw new FileNotFoundException("The job's audio is no longer stored."),
            new AudioDecodeLimits
            {
                MaxDurationSeconds = options.Value.MaxDurationSeconds,
                MaxDurationSetting = "Asr:Jobs:MaxDurationSeconds",
                TooLongHint = "Split the recording and submit the parts as separate jobs.",
                Memory = memory,
            }, cancellationToken);
        System.Diagnostics.Activity.Current?.SetTag("audio.duration_s", audio.Duration.TotalSeconds);
        if (spec.Account is { } account)
        {
            // Accepted work is done whatever the budget says now; what it costs is charged to the submitter's hour.
            await usage.ChargeAsync(account, audio.Duration.TotalSeconds, cancellationToken);
        }
        var model = pipeline.Recognizer.Model;
        if (spec.Settings.Redact is not null)
        {
            await terms.RefreshAsync();
        }
        var spans = pipeline.Segment(audio.Samples, cancellationToken);
        if (!await ReportProgressAsync(database, jobId, attempt, 0, spans.Count, string.Empty))
        {
            return null;
        }
        using var diarization = pipeline.StartDiarization(audio.Samples, spec.Settings, cancellationToken);

        var transcript = new TranscriptAssembler();
        var clear = spec.Settings.Redact is not null && compliance.Value.KeepClearText ? new TranscriptAssembler() : null;
        var redacted = new List<FunAsr.Text.Sensitive.SensitiveFinding>();
        await foreach (var progress in pipeline.RecognizeAsync(audio.Samples, spans, spec.Settings, waitWhenBusy: true, cancellationToken))
        {
            transcript.Add(progress.Segments);
            clear?.Add(progress.Clear);
            redacted.AddRange(progress.Redacted);
            if (spec.Account is { } holder)
            {
                await usage.RenewJobSlotAsync(holder, jobId);
            }
            // Checked as each request of segments finishes, so a cancelled job stops within one request's time.
            if (!await ReportProgressAsync(database, jobId, attempt, progress.Done, progress.Total, transcript.Text))
            {
                logger.LogInformation("Job {JobId} cancelled after {Done} of {Total} segments", jobId, progress.Done, progress.Total);
                return null;
            }
        }
        telemetry.AudioTranscribed(model.Id, audio.Duration.TotalSeconds, timeProvider.GetElapsedTime(started));
        if (spec.Settings.RedactAudio)
        {
            // Before the outbox keeps the result: a completed job never leaves its spoken secrets in the kept audio.
            await audioRedactor.SilenceAsync(jobId, audio.Samples, redacted, cancellationToken);
        }
        var result = transcript.Build(jobId, spec.Title, model.Id, spec.Settings.Language, audio.Duration.TotalSeconds);
        var clearResult = clear?.Build(jobId, spec.Title, model.Id, spec.Settings.Language, audio.Duration.TotalSeconds);
        var counts = spec.Settings.Redact is null ? null : RedactionLog.Count(redacted);
        if (diarization is null)
        {
            return new RecognizedJob(result, clearResult, counts);
        }
        var named = await speakers.KeepAndNameAsync(await TranscriptionPipeline.WithSpeakersAsync(result, diarization), spec.Settings.Diarization?.VoiceTenant);
        // The same diarization on the same segments: the clear copy takes the speakers as named once.
        return new RecognizedJob(named, clearResult is null ? null : (await TranscriptionPipeline.WithSpeakersAsync(clearResult, diarization)) with { Speakers = named.Speakers },
            counts);
    }

    /// <summary>
    /// Best effort: a report Redis does not take in time is skipped (the next one carries the state). False when the job
    /// was cancelled; throws <see cref="StreamEntrySupersededException"/> when another attempt owns it.
    /// </summary>
    private async Task<bool> ReportProgressAsync(IDatabase database, string jobId, long attempt, int done, int total, string partialText)
    {
        JobWrite outcome;
        try
        {
            outcome = await RedisFault.WithinAsync(store.ReportProgressAsync(database, jobId, attempt, done, total, partialText), ProgressTimeout, timeProvider);
            redis.ReportSuccess();
        }
        catch (Exception ex) when (RedisFault.IsOutage(ex))
        {
            redis.ReportFailure(ex);
            return true;
        }
        switch (outcome)
        {
            case JobWrite.Superseded:
                throw new StreamEntrySupersededException($"job {jobId} was started again or re-queued after attempt {attempt} began");
            case JobWrite.Ended or JobWrite.Gone:
                Forget(jobId);
                telemetry.JobFinished(JobStatus.Cancelled);
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// Completes, publishes and (redacted) records the redaction in one step, retried through Redis faults until it is
    /// taken (or the work is stopped): a redacted job is completed exactly when its entry is on the redactions stream.
    /// </summary>
    private async Task CompleteAsync(IDatabase database, JobSpec spec, long attempt, RecognizedJob recognized, CancellationToken cancellationToken)
    {
        var jobId = spec.Id;
        var result = recognized.Result;
        var fields = TranscriptPublisher.EntryFields(jobId, recognized, spec.Ownership);
        // Counts from the outbox when an earlier attempt recognised the job, so a takeover records what was masked.
        var redaction = spec.Settings.Redact is { } classes
            ? RedactionEntry.ForJob(jobId, spec.Ownership, classes, recognized.Redacted, timeProvider.GetUtcNow())
            : null;
        var delay = CompletionRetryDelay;
        while (true)
        {
            JobWrite outcome;
            try
            {
                outcome = await store.CompleteAsync(database, jobId, attempt, result, fields, redaction);
                redis.ReportSuccess();
            }
            catch (Exception ex) when (RedisFault.IsOutage(ex) || ex is RedisServerException)
            {
                // The transcript is in the outbox: keep trying; if this worker stops first, the next one completes it.
                // A refused write (a stream key of another type) is no outage: the rest of Redis still serves.
                if (RedisFault.IsOutage(ex))
                {
                    redis.ReportFailure(ex);
                }
                logger.LogWarning("Job {JobId} is recognised but Redis did not take its completion ({Reason}); retrying in {Delay:0.#} s",
                    jobId, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, timeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxCompletionRetryDelay.Ticks));
                continue;
            }
            switch (outcome)
            {
                case JobWrite.Done:
                    outbox.Delete(jobId);
                    audioStore.MarkFinished(jobId);
                    telemetry.JobFinished(JobStatus.Completed);
                    if (redaction is not null)
                    {
                        System.Diagnostics.Activity.Current?.SetTag("asr.redact.recorded", true);
                    }
                    return;
                case JobWrite.Superseded:
                    throw new StreamEntrySupersededException($"job {jobId} was started again or re-queued after attempt {attempt} began");
                default:
                    Forget(jobId);
                    return;
            }
        }
    }

    private async Task FailAsync(IDatabase database, string jobId, long attempt, string error)
    {
        logger.LogWarning("Job {JobId} failed: {Error}", jobId, error);
        switch (await store.FailAsync(database, jobId, attempt, error))
        {
            case JobWrite.Done:
                outbox.Delete(jobId);
                audioStore.MarkFinished(jobId);
                telemetry.JobFinished(JobStatus.Failed);
                break;
            case JobWrite.Superseded:
                throw new StreamEntrySupersededException($"job {jobId} was started again or re-queued after attempt {attempt} began");
        }
    }

    /// <summary>A cancelled job's audio (and any result kept for it) is released at once.</summary>
    private void Forget(string jobId)
    {
        audioStore.Delete(jobId);
        outbox.Delete(jobId);
    }
}
