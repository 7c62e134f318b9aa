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
        services.AddHostedService<JobWorker>();
        services.AddHostedService<JobStorageJanitor>();
        return services;
    }
}
