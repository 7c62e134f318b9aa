using FunAsr.Messaging;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Jobs;

public static class JobRegistration
{
    public static IServiceCollection AddAsrJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobAudioStore>();
        services.AddSingleton<AudioPieces>();
        services.AddSingleton<TranscriptPublisher>();
        services.AddSingleton<JobProcessor>();
        services.AddRedisStreamConsumer<JobEntryHandler>()
            .Configure<IOptions<JobOptions>>((consumer, jobs) =>
            {
                consumer.StreamName = jobs.Value.StreamName;
                consumer.ConsumerGroup = jobs.Value.ConsumerGroup;
                consumer.Workers = jobs.Value.WorkersPerReplica;
                consumer.PollInterval = jobs.Value.PollInterval;
                consumer.ClaimIdleTime = jobs.Value.ClaimIdleTime;
                consumer.DeleteAfterAcknowledge = true;
            });
        services.AddHostedService<JobQueueDepthReporter>();
        services.AddHostedService<JobStorageJanitor>();
        return services;
    }
}
