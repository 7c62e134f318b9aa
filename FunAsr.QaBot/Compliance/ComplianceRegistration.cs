namespace FunAsr.QaBot.Compliance;

public static class ComplianceRegistration
{
    public static IServiceCollection AddComplianceScanning(this IServiceCollection services)
    {
        services.AddSingleton<ISensitiveDetector, ChineseIdNumberDetector>();
        services.AddSingleton<ISensitiveDetector, BankCardDetector>();
        services.AddSingleton<ISensitiveDetector, PhoneNumberDetector>();
        services.AddSingleton<ISensitiveDetector, EmailDetector>();
        services.AddSingleton<ISensitiveDetector, SensitiveTermDetector>();
        services.AddSingleton<ComplianceScanner>();
        return services;
    }
}
