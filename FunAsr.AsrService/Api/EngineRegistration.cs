using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;

namespace FunAsr.AsrService.Api;

public static class EngineRegistration
{
    /// <summary>
    /// Audio decoding (<c>Asr:Audio</c>) and the speech engine (<c>Asr:Model</c>, <c>Asr:Inference</c>, <c>Asr:Batching</c>)
    /// with the voice-activity detector its model folder provides (<c>Asr:Vad</c>: FSMN-VAD, Silero, else energy),
    /// so long audio is cut at pauses rather than at fixed lengths.
    /// </summary>
    public static IServiceCollection AddAsrEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAudioDecoding(configuration);
        services.AddVoiceActivityDetection(configuration, sp =>
        {
            var provider = sp.GetRequiredService<SpeechModelProvider>();
            return (provider.ResolvedPath, provider.IsKnownAnswerModel);
        });
        services.AddSpeechEngine(configuration);
        return services;
    }
}
