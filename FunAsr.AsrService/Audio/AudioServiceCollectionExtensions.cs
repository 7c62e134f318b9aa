using FunAsr.AsrService.Audio;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class AudioServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAudioDecoder"/> with <see cref="AudioOptions"/> bound from <c>Asr:Audio</c> and validated at
    /// start, and the replica's admission (<c>Asr:Admission</c>) every decode goes through.
    /// </summary>
    public static IServiceCollection AddAudioDecoding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAdmission(configuration);
        services.AddOptions<AudioOptions>()
            .Bind(configuration.GetSection(AudioOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.FfmpegPath) || FfmpegLocator.Locate(o.FfmpegPath).Path is not null,
                "Asr:Audio:FfmpegPath does not name an ffmpeg executable or a folder holding one.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AudioDecodeTelemetry>();
        services.TryAddSingleton<IAudioDecoder, AudioDecoder>();
        return services;
    }
}
