using FunAsr.Text.Sensitive;

namespace FunAsr.QaBot.Compliance;

public static class ComplianceRegistration
{
    /// <summary>The shared detectors (FunAsr.Text.Sensitive) with the configured lexicon, and the scanner that turns findings into alerts.</summary>
    public static IServiceCollection AddComplianceScanning(this IServiceCollection services)
    {
        services.AddSingleton<ISensitiveTermSource, ConfiguredTermSource>();
        services.AddSingleton(sp => SensitiveScanner.CreateDefault(sp.GetRequiredService<ISensitiveTermSource>()));
        services.AddSingleton<ComplianceScanner>();
        services.AddSingleton<ClearTextAccessLog>();
        return services;
    }
}
