using FunAsr.AsrService.Api.Health;
using FunAsr.AsrService.Api.Native;
using FunAsr.AsrService.Api.OpenAi;
using FunAsr.AsrService.Api.Telemetry;
using FunAsr.AsrService.Api.Transcription;
using FunAsr.AsrService.Streaming;
using Scalar.AspNetCore;

namespace FunAsr.AsrService.Api;

public static class AsrApiRegistration
{
    public static IServiceCollection AddAsrApi(this IServiceCollection services)
    {
        services.AddOptions<AsrApiOptions>().BindConfiguration(AsrApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AsrTelemetry>();
        services.AddSingleton<ModelReadiness>();
        services.AddHostedService<TestModelBanner>();
        services.AddHealthChecks().AddCheck<ModelHealthCheck>("model", tags: ["ready"]);
        services.AddSingleton<UploadFormReader>();
        services.AddSingleton<TranscriptionSettingsParser>();
        services.AddSingleton<TranscriptionService>();
        services.AddProblemDetails();
        services.AddLiveCaptions();
        services.AddOpenApi();
        return services;
    }

    public static WebApplication MapAsrApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("FunAsr speech recognition API"));
        app.MapOpenAiApi();
        var asr = app.MapGroup("/api/asr").WithTags("ASR").AddEndpointFilter<ProblemErrorFilter>();
        asr.MapTranscriptionEndpoints();
        asr.MapJobEndpoints();
        asr.MapLiveCaptions();
        return app;
    }
}
