using FunAsr.AsrService.Transcription;
using FunAsr.AsrService.Recognition;
using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Runs the job named by one entry of the job stream (consumed by every replica through the shared stream consumer).
/// Replicas take work only once their model is ready; a job interrupted by shutdown stays pending for another replica.
/// </summary>
public sealed class JobEntryHandler(JobStore store, JobProcessor processor, ModelReadiness readiness, ILogger<JobEntryHandler> logger)
    : IStreamEntryHandler
{
    public bool IsReady => readiness.State == SpeechEngineState.Ready;

    public async Task HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery[JobQueue.JobIdField] is not { IsNullOrEmpty: false } jobId)
        {
            logger.LogWarning("Entry {EntryId} of the job stream names no job; acknowledged without work", delivery.Id);
            return;
        }
        try
        {
            await processor.RunAsync(database, jobId!, delivery.Consumer, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Replica stopping: job {JobId} stays pending and will be taken over by another worker", (string?)jobId);
            try
            {
                await store.MarkQueuedAgainAsync(jobId!);
            }
            catch (RedisException)
            {
                // Redis is gone too: the entry is still pending, and the next worker re-reads the job's state.
            }
            throw;
        }
    }
}
