using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Vad;

public static class VadServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IVoiceActivityDetector"/> <see cref="VadFactory.Select"/> finds (Asr:Vad:Path, the model
    /// folder, VAD models fetched into models/, the bundled Silero v5.1.2, else the energy segmenter), with
    /// <see cref="VadOptions"/> bound from <c>Asr:Vad</c> and validated at start. The choice and why is logged once.
    /// </summary>
    /// <param name="modelFolder">Resolves the speech model's folder and whether it is the known-answer test model.</param>
    public static IServiceCollection AddVoiceActivityDetection(
        this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, (string? Folder, bool IsTestModel)> modelFolder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(modelFolder);
        services.AddOptions<VadOptions>().Bind(configuration.GetSection(VadOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var (folder, isTestModel) = modelFolder(sp);
            var contentRoot = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            return VadFactory.Select(sp.GetRequiredService<IOptions<VadOptions>>().Value, folder, isTestModel, contentRoot);
        });
        services.TryAddSingleton<IVoiceActivityDetector>(sp =>
        {
            var choice = sp.GetRequiredService<VadChoice>();
            var options = sp.GetRequiredService<IOptions<VadOptions>>().Value;
            var detector = VadFactory.Create(choice, options);
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VadFactory)).LogInformation(
                "Voice activity detection: {VadKind} {VadModel} ({VadReason}); segments of at most {MaxSegmentSeconds} s",
                choice.Kind, choice.ModelPath ?? "(built in)", choice.Reason, options.MaxSegmentSeconds);
            return detector;
        });
        return services;
    }
}
