using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;

namespace FunAsr.AsrService.Api;

public static class EngineRegistration
{
    /// <summary>
    /// The speech engine with the voice-activity detector its model folder provides (FSMN-VAD, Silero, else energy),
    /// so long audio is cut at pauses rather than at fixed lengths.
    /// </summary>
    public static IServiceCollection AddAsrEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VadOptions>().BindConfiguration(VadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IVoiceActivityDetector>(sp => VadFactory.Create(
            sp.GetRequiredService<SpeechModelProvider>().ResolvedPath,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<VadOptions>>().Value));
        services.AddSpeechEngine(configuration);
        return services;
    }
}
