using FunAsr.AsrService.Access;
using FunAsr.AsrService.Api;
using FunAsr.AsrService.Api.Errors;
using FunAsr.AsrService.Api.Uploads;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Streaming;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using FunAsr.AsrService.Vad;
using FunAsr.Text.Subtitles;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using FunAsr.Security.Limits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Extensions;

/// <summary>The service's one composition root: what the HTTP service runs, and the transcription core it shares with the command line.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTranscription(builder.Configuration);
        builder.AddAsrRedis();

        // Only the gateway's signed requests are answered (docs/security.md); audio and job slots are charged to the caller
        // in the store the gateway counts in (Redis when configured).
        services.AddInternalAuthentication((Roles.Content, AsrRoles.SpeechRelays));
        services.AddLimitStore();
        services.AddSingleton<AudioUsage>();
        services.AddSingleton<SharedItems>();

        // HTTP API: limits, request validation, the cached upload path, errors in each group's dialect, OpenAPI.
        services.AddOptions<AsrApiOptions>().BindConfiguration(AsrApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TranscriptionSettingsParser>();
        services.AddSingleton<UploadTranscriber>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, OpenAiProblemWriter>());
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = TellWhatUploadsTake);
        services.AddExceptionHandler<AsrExceptionHandler>();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<ModelHealthCheck>("model", tags: ["ready"]);
        services.AddHostedService<TestModelBanner>();

        // Speakers: voiceprints kept for naming, the tenants' named voices, request reference clips.
        services.AddHostedService<DiarizationWarmup>();
        services.AddHealthChecks().AddCheck<DiarizationHealthCheck>("diarization");
        services.AddSingleton<VoiceprintStore>();
        services.AddSingleton<VoiceLibrary>();
        services.AddSingleton<SpeakerNamer>();
        services.AddSingleton<KnownSpeakerReferences>();

        // Jobs on a Redis Stream, and their recordings.
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobAudioStore>();
        services.AddSingleton<TranscriptPublisher>();
        services.AddSingleton<JobResultOutbox>();
        services.AddSingleton<AudioRedactor>();
        services.AddSingleton<JobProcessor>();
        services.AddRedisStreamConsumer<JobEntryHandler>("jobs")
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
        services.AddHostedService<JobSweeper>();

        // Live captions.
        services.AddOptions<LiveCaptionOptions>().BindConfiguration(LiveCaptionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LiveSpeakerOptions>().BindConfiguration(LiveSpeakerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveTelemetry>();
        services.AddSingleton<LiveSpeakers>();
        services.AddSingleton<LiveStreamLimiter>();
        services.AddSingleton<LiveTranscriptSaver>();
        services.AddSingleton<LiveFindingMonitor>();
        return builder;
    }

    /// <summary>
    /// The transcription core: audio decoding (<c>Asr:Audio</c>), the voice-activity detector the model folder provides
    /// (<c>Asr:Vad</c>), the engine (<c>Asr:Model</c>, <c>Asr:Inference</c>, <c>Asr:Batching</c>), the diarizer
    /// (<c>Asr:Diarization</c>) and the pipeline over them (<c>Asr:Transcription</c>, <c>Asr:Subtitles</c>).
    /// </summary>
    public static IServiceCollection AddTranscription(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddAudioDecoding(configuration);
        services.AddVoiceActivityDetection(configuration, sp =>
        {
            var provider = sp.GetRequiredService<SpeechModelProvider>();
            return (provider.ResolvedPath, provider.IsKnownAnswerModel);
        });
        services.AddSpeechEngine(configuration);
        services.AddOptions<TranscriptionOptions>().Bind(configuration.GetSection(TranscriptionOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SubtitleRules>().Bind(configuration.GetSection(TranscriptionOptions.SubtitlesSectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DiarizationOptions>().Bind(configuration.GetSection(DiarizationOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DiarizationEngine>();
        services.AddSingleton<AsrTelemetry>();
        services.AddRedaction(configuration);
        services.AddSingleton<ModelReadiness>();
        services.AddSingleton<TranscriptionPipeline>();
        return services;
    }

    // Routing answers a body that is not multipart with a bare 415; an upload endpoint says what it expected, as a 400.
    private static void TellWhatUploadsTake(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (context.Exception is null && context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && UploadForms.IsUploadRoute(http.Request))
        {
            var error = UploadForms.NotMultipart(http.Request);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.ProblemDetails.Status = StatusCodes.Status400BadRequest;
            context.ProblemDetails.Title = "Bad Request";
            context.ProblemDetails.Type = null;
            context.ProblemDetails.Detail = error.Message;
            context.ProblemDetails.Extensions["code"] = error.Code;
            context.ProblemDetails.Extensions["param"] = error.Param;
        }
    }
}
