using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunAsr.AppHost;

internal static class DevelopmentSettings
{
    public const int DefaultGatewayPort = 5080;

    /// <summary>
    /// Where Redis keeps its append-only file and the ASR replicas their uploaded audio, across runs:
    /// <c>AppHost:DataDirectory</c>, else <c>~/.local/share/FunAsr/apphost</c>.
    /// </summary>
    public static string DataDirectory(this IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["AppHost:DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "FunAsr", "apphost"));

    /// <summary>
    /// The gateway's development API key: <c>Parameters:gateway-api-key</c> when set, else one generated on first run and
    /// kept in the data folder, so the key a browser remembered keeps working.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddDevelopmentApiKey(this IDistributedApplicationBuilder builder, string name, string dataDirectory) =>
        builder.AddParameter(name, () => builder.Configuration[$"Parameters:{name}"] is { Length: > 0 } configured
            ? configured
            : LoadOrCreateKey(Path.Combine(dataDirectory, "dev-api-key")), secret: true);

    /// <summary>The development admin's account name (docs/security.md, "The first admin").</summary>
    public const string DevelopmentAdmin = "admin";

    /// <summary>
    /// In Development, when run here, the gateway creates an admin at its first start (<c>Accounts:Bootstrap</c>, which does
    /// nothing once any admin exists): <see cref="DevelopmentAdmin"/> with <c>Parameters:dev-admin-password</c> when set,
    /// else a password generated on first run and kept in the data folder. Published files and other environments get
    /// none. Returns the password, for the banner; null when no admin is seeded.
    /// </summary>
    public static IResourceBuilder<ParameterResource>? WithDevelopmentAdmin(this IResourceBuilder<ProjectResource> gateway, string dataDirectory)
    {
        var builder = gateway.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode || !builder.Environment.IsDevelopment())
        {
            return null;
        }
        const string name = "dev-admin-password";
        var password = builder.AddParameter(name, () => builder.Configuration[$"Parameters:{name}"] is { Length: > 0 } configured
            ? configured
            : LoadOrCreateKey(Path.Combine(dataDirectory, name)), secret: true);
        gateway.WithEnvironment("Accounts__Bootstrap__UserName", DevelopmentAdmin)
            .WithEnvironment("Accounts__Bootstrap__DisplayName", "Development admin")
            .WithEnvironment("Accounts__Bootstrap__Password", password);
        return password;
    }

    /// <summary>
    /// Prints, beside Aspire's dashboard login line, where the page is, the development admin's sign-in (when seeded) and
    /// which key opens it for scripts, once the gateway is healthy.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPageBanner(this IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> apiKey,
        IResourceBuilder<ParameterResource>? adminPassword)
    {
        gateway.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FunAsr.AppHost");
            var url = gateway.GetEndpoint("http").Url;
            var key = await apiKey.Resource.GetValueAsync(cancellationToken);
            if (adminPassword is null)
            {
                logger.LogInformation("Open the page at {PageUrl} with the development API key {ApiKey}", url, key);
                return;
            }
            logger.LogInformation("Open the page at {PageUrl} and sign in as {AdminUser} with password {AdminPassword} (development admin); scripts use the API key {ApiKey}",
                url, DevelopmentAdmin, await adminPassword.Resource.GetValueAsync(cancellationToken), key);
        });
        return gateway;
    }

    private static string LoadOrCreateKey(string file)
    {
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }
        var key = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return key;
    }
}
