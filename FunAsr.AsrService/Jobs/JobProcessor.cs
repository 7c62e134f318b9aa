using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Api;
using FunAsr.AsrService.Api.Health;
using FunAsr.AsrService.Api.Telemetry;
using FunAsr.AsrService.Api.Transcription;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Recognition;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>Runs one job: decode its stored audio, recognise it piece by piece with progress, publish the transcript.</summary>
public sealed class JobProcessor(
    JobStore store,
    JobAudioStore audioStore,
    AudioPieces pieces,
    ModelReadiness readiness,
    TranscriptionService transcription,
    AdmissionControl admission,
    TranscriptPublisher publisher,
    IOptions<JobOptions> options,
    AsrTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<JobProcessor> logger)
{
    private const int MaxQueueFullRetries = 30;
    private const int DecodedAudioRate = AudioClip.EngineSampleRate;

    /// <summary>
    /// Returns normally when the job reached a final state (or no longer exists) and its stream entry may be acknowledged;
    /// throws when the job must stay pending for another worker (shutdown, Redis failure).
    /// </summary>
    public async Task RunAsync(IDatabase database, string jobId, string worker, CancellationToken stoppingToken)
    {
        using var activity = AsrTelemetry.StartStage("job");
        activity?.SetTag("asr.job.id", jobId);
        var spec = await store.GetSpecAsync(jobId);
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
            // The job's samples stay charged to the replica's memory budget until it is done.
            using var memory = await admission.Memory.AcquireAsync(0, stoppingToken);
            var audio = await DecodeWhenAdmittedAsync(jobId, await audioStore.ReadAsync(jobId, stoppingToken), new AudioDecodeLimits
            {
                MaxDurationSeconds = options.Value.MaxDurationSeconds,
                MaxDurationSetting = "Asr:Jobs:MaxDurationSeconds",
                TooLongHint = "Split the recording and submit the parts as separate jobs.",
                Memory = memory,
            }, stoppingToken);
            activity?.SetTag("audio.duration_s", audio.Duration.TotalSeconds);
            var recognizer = readiness.Recognizer;
            var spans = pieces.Split(audio.Samples, options.Value.SegmentSeconds, stoppingToken);
            await store.ReportProgressAsync(jobId, 0, spans.Count, string.Empty);

            var segments = new List<TranscriptSegment>();
            var languages = new List<string>();
            string? emotion = null, audioEvent = null;
            for (var i = 0; i < spans.Count; i++)
            {
                if (await store.GetStatusAsync(jobId) == JobStatus.Cancelled)
                {
                    logger.LogInformation("Job {JobId} cancelled after {Done} of {Total} pieces", jobId, i, spans.Count);
                    audioStore.Delete(jobId);
                    telemetry.JobFinished(JobStatus.Cancelled);
                    return;
                }
                var span = spans[i];
                var result = await RecognizePieceAsync(recognizer, audio.Samples[span.StartSample..span.EndSample], spec.Settings, stoppingToken);
                var offset = span.StartSample / (double)DecodedAudioRate;
                segments.AddRange(result.Segments.Select(s => TranscriptBuilder.Map(0, s, offset)));
                if (result.Segments.Count > 0)
                {
                    languages.Add(result.Language);
                    emotion ??= result.Emotion;
                    audioEvent ??= result.Event;
                }
                await store.ReportProgressAsync(jobId, i + 1, spans.Count, TranscriptBuilder.JoinTexts(segments.Select(s => s.Text)));
            }

            var language = languages.GroupBy(l => l).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()
                ?? (spec.Settings.Language == "auto" ? "auto" : spec.Settings.Language);
            var transcript = TranscriptBuilder.Assemble(jobId, spec.Title, recognizer.Model.Id, language, emotion, audioEvent,
                audio.Duration.TotalSeconds, segments);
            telemetry.AudioTranscribed(recognizer.Model.Id, audio.Duration.TotalSeconds, timeProvider.GetElapsedTime(started));
            if (await store.FinishAsync(jobId, JobStatus.Completed, transcript, null))
            {
                await publisher.PublishAsync(database, transcript);
                audioStore.MarkFinished(jobId);
                telemetry.JobFinished(JobStatus.Completed);
            }
            else
            {
                audioStore.Delete(jobId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not RedisException && ApiErrorMapper.TryMap(ex) is { } error)
        {
            await FailAsync(jobId, error.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not RedisException)
        {
            logger.LogError(ex, "Job {JobId} failed", jobId);
            await FailAsync(jobId, $"Transcription failed ({ex.GetType().Name}: {ex.Message}).");
        }
    }

    // A replica at capacity is back-pressure, not a failure: a job waits its turn instead of failing.
    private async Task<DecodedAudio> DecodeWhenAdmittedAsync(string jobId, byte[] content, AudioDecodeLimits limits, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await transcription.DecodeAsync(content, limits, cancellationToken);
            }
            catch (AdmissionRejectedException busy) when (busy.RetryAfter is { } wait)
            {
                logger.LogInformation("Job {JobId} waits for the replica's capacity: {Reason}", jobId, busy.Message);
                await Task.Delay(wait, timeProvider, cancellationToken);
            }
        }
    }

    // A full inference queue is back-pressure, not a failure: wait as the batcher asks and try the piece again.
    private static async Task<RecognitionResult> RecognizePieceAsync(
        ISpeechRecognizer recognizer, float[] samples, TranscriptionSettings settings, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TranscriptionService.RecognizeAsync(recognizer, samples, settings, cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxQueueFullRetries && ApiErrorMapper.TryMap(ex) is { Status: StatusCodes.Status429TooManyRequests } full)
            {
                await Task.Delay(full.RetryAfter ?? TimeSpan.FromSeconds(1), cancellationToken);
            }
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
