using FunAsr.AsrService.Transcription;
using FunAsr.AsrService.Recognition;
using FunAsr.Messaging;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Runs the job named by one entry of the job stream (consumed by every replica through the shared stream consumer).
/// Replicas take work only once their model is ready; a job interrupted by shutdown is handed back for another replica,
/// and one whose lease is lost stops (its new owner, or the outbox, finishes it).
/// </summary>
public sealed class JobEntryHandler(JobProcessor processor, ModelReadiness readiness, ILogger<JobEntryHandler> logger)
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
        await processor.RunAsync(database, jobId!, delivery, cancellationToken);
    }
}
