using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>Prints, beside Aspire's dashboard login line, where the page is and which key opens it, once the gateway is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithPageBanner(this IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ParameterResource> apiKey)
    {
        gateway.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FunAsr.AppHost");
            var url = gateway.GetEndpoint("http").Url;
            logger.LogInformation("Open the page at {PageUrl} with the development API key {ApiKey}", url, await apiKey.Resource.GetValueAsync(cancellationToken));
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
