namespace FunAsr.Gateway.Configuration;

/// <summary>HTTPS redirection and HSTS only make sense when Kestrel actually has a certificate to serve.</summary>
public static class HttpsConfiguration
{
    public static bool CertificateConfigured(IConfiguration configuration)
    {
        var kestrel = configuration.GetSection("Kestrel");
        if (HasCertificate(kestrel.GetSection("Certificates:Default")))
        {
            return true;
        }
        return kestrel.GetSection("Endpoints").GetChildren()
            .Any(endpoint => HasCertificate(endpoint.GetSection("Certificate"))
                             || (endpoint["Url"]?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? false));
    }

    private static bool HasCertificate(IConfigurationSection certificate) =>
        !string.IsNullOrWhiteSpace(certificate["Path"]) || !string.IsNullOrWhiteSpace(certificate["Subject"]);
}
