using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Vad;

public static class VadServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IVoiceActivityDetector"/> the model folder provides (FSMN-VAD, Silero, else the energy
    /// segmenter), with <see cref="VadOptions"/> bound from <c>Asr:Vad</c> and validated at start.
    /// </summary>
    /// <param name="modelFolder">Resolves the model folder to look in; null means no folder (energy segmenter).</param>
    public static IServiceCollection AddVoiceActivityDetection(
        this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, string?> modelFolder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(modelFolder);
        services.AddOptions<VadOptions>().Bind(configuration.GetSection(VadOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IVoiceActivityDetector>(sp =>
        {
            string? folder = modelFolder(sp);
            var options = sp.GetRequiredService<IOptions<VadOptions>>().Value;
            var detector = VadFactory.Create(folder, options);
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VadFactory)).LogInformation(
                "Voice activity detection: {VadKind} for model folder {ModelFolder}, segments of at most {MaxSegmentSeconds} s",
                VadFactory.Select(folder), folder ?? "(none)", options.MaxSegmentSeconds);
            return detector;
        });
        return services;
    }
}
