using FunAsr.AsrService.Admission;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class AdmissionServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AdmissionControl"/> with <see cref="AdmissionOptions"/> bound from <c>Asr:Admission</c> and validated at start.</summary>
    public static IServiceCollection AddAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdmissionOptions>()
            .Bind(configuration.GetSection(AdmissionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AdmissionTelemetry>();
        services.TryAddSingleton<AdmissionControl>();
        return services;
    }
}
