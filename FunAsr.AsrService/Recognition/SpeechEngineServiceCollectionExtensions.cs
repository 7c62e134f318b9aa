using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Nano;
using FunAsr.AsrService.Vad;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Recognition;

public static class SpeechEngineServiceCollectionExtensions
{
    /// <summary>
    /// The speech engine: options from <c>Asr:Model</c>, <c>Asr:Inference</c> and <c>Asr:Batching</c> (validated at
    /// start), the model loaded once by <see cref="SpeechEngineWarmup"/>, <see cref="ISpeechRecognizer"/> over the
    /// dynamic batcher, and <see cref="SpeechEngineStatus"/> for readiness. The recognisers take the segments the
    /// transcription pipeline cuts; they do not run a voice-activity detector themselves.
    /// </summary>
    public static IServiceCollection AddSpeechEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpeechEngineOptions>().Bind(configuration.GetSection("Asr:Model")).ValidateDataAnnotations()
            .Validate<IHostEnvironment>(
                (options, environment) => Directory.Exists(SpeechModelProvider.ChoosePath(options, environment.ContentRootPath, out _)),
                "Asr:Model:Path (or Asr:Model:FallbackPath) does not name an existing model folder (relative paths are looked up from the content root upwards)")
            .ValidateOnStart();
        services.AddOptions<InferenceOptions>().Bind(configuration.GetSection("Asr:Inference")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BatchingOptions>().Bind(configuration.GetSection("Asr:Batching")).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SpeechEngineStatus>();
        services.TryAddSingleton<SpeechModelProvider>();
        services.TryAddSingleton(sp => sp.GetRequiredService<SpeechModelProvider>().Model);
        services.TryAddSingleton(sp => new AcousticModel(sp.GetRequiredService<SpeechModel>()));
        services.TryAddSingleton(sp => new DynamicBatcher(
            sp.GetRequiredService<AcousticModel>(),
            sp.GetRequiredService<IOptions<BatchingOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DynamicBatcher>>()));
        services.TryAddSingleton<IAcousticRunner>(sp =>
        {
            var batching = sp.GetRequiredService<IOptions<BatchingOptions>>().Value;
            return batching.Enabled
                ? sp.GetRequiredService<DynamicBatcher>()
                : new DirectAcousticRunner(sp.GetRequiredService<AcousticModel>(), batching.MaxBatchSize, batching.MaxPaddingRatio);
        });
        services.TryAddSingleton<ISpeechRecognizer>(sp => NanoLlmModel.IsNanoLlmFolder(sp.GetRequiredService<SpeechModelProvider>().ResolvedPath)
            ? NanoLlmServiceFactory.Create(sp, sp.GetRequiredService<SpeechModelProvider>().ResolvedPath) : new SpeechRecognizer(
            sp.GetRequiredService<SpeechModel>(),
            sp.GetRequiredService<IAcousticRunner>(),
            sp.GetRequiredService<IOptions<SpeechEngineOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SpeechEngineWarmup>();
        return services;
    }
}
