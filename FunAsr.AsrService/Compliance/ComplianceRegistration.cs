using FunAsr.Text.Sensitive;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunAsr.AsrService.Compliance;

public static class ComplianceRegistration
{
    /// <summary>
    /// Redaction for the transcription core (<c>Asr:Compliance</c>): the shared detectors over the tenant's terms and the
    /// transcript redactor the pipeline applies when a request asks for it, and the log of applied redactions.
    /// </summary>
    public static IServiceCollection AddRedaction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpeechComplianceOptions>().Bind(configuration.GetSection(SpeechComplianceOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SharedTermSource>();
        services.TryAddSingleton<ISensitiveTermSource>(sp => sp.GetRequiredService<SharedTermSource>());
        services.TryAddSingleton(sp => SensitiveScanner.CreateDefault(sp.GetRequiredService<ISensitiveTermSource>()));
        services.TryAddSingleton(sp => new SensitiveRedactor(sp.GetRequiredService<SensitiveScanner>()));
        services.TryAddSingleton<SpeechComplianceTelemetry>();
        services.TryAddSingleton<TranscriptRedactor>();
        services.TryAddSingleton<RedactionLog>();
        return services;
    }
}
