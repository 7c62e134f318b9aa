using System.Reflection;
using System.Security.Cryptography;
using FunAsr.AppHost.Model;
using Microsoft.Extensions.Configuration;

namespace FunAsr.AppHost.Hosting;

/// <summary>Collects the resources of the application, the shape of Aspire's <c>IDistributedApplicationBuilder</c>.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(string[] args)
    {
        CommandLine = CommandLine.Parse(args);
        Configuration = new ConfigurationManager();
        Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine([.. CommandLine.ConfigurationArguments]);

        Options = Configuration.GetSection(AppHostOptions.SectionName).Get<AppHostOptions>() ?? new AppHostOptions();
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(Options, new(Options), validateAllProperties: true);
        ProjectDirectory = Path.GetFullPath(Options.ProjectDirectory ?? BuildMetadata("AppHostProjectDirectory") ?? Directory.GetCurrentDirectory());
        BuildConfiguration = Options.BuildConfiguration ?? BuildMetadata("AppHostConfiguration") ?? "Debug";
        DataDirectory = Options.Ephemeral
            ? Directory.CreateTempSubdirectory("funasr-apphost-").FullName
            : Path.GetFullPath(Options.DataDirectory ?? DefaultDataDirectory());
        DevApiKey = Configuration["AppHost:DevApiKey"] ?? LoadOrCreateDevApiKey();
    }

    public ConfigurationManager Configuration { get; }

    public AppHostOptions Options { get; }

    public CommandLine CommandLine { get; }

    public bool IsPublishMode => CommandLine.Publish;

    /// <summary>Folder of FunAsr.AppHost.csproj; project paths are relative to it.</summary>
    public string ProjectDirectory { get; }

    public string BuildConfiguration { get; }

    public string DataDirectory { get; }

    /// <summary>Gateway key for local development, kept in the data folder so the browser's stored key keeps working.</summary>
    public string DevApiKey { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public ResourceBuilder<RedisResource> AddRedis(string name)
    {
        var redis = new RedisResource(name) { Password = RandomToken(16) };
        return new ResourceBuilder<RedisResource>(Add(redis));
    }

    public ResourceBuilder<ProjectResource> AddProject(string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(ProjectDirectory, projectPath));
        if (Directory.Exists(fullPath))
        {
            fullPath = Path.Combine(fullPath, Path.GetFileName(fullPath.TrimEnd(Path.DirectorySeparatorChar)) + ".csproj");
        }
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Project for resource '{name}' not found at {fullPath}.", fullPath);
        }
        return new ResourceBuilder<ProjectResource>(Add(new ProjectResource(name, fullPath)));
    }

    public DistributedApplication Build() => new(this);

    private T Add<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }
        _resources.Add(resource);
        return resource;
    }

    private string LoadOrCreateDevApiKey()
    {
        var file = Path.Combine(DataDirectory, "dev-api-key");
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }
        var key = "dev-" + RandomToken(24);
        if (!IsPublishMode)
        {
            Directory.CreateDirectory(DataDirectory);
            File.WriteAllText(file, key);
        }
        return key;
    }

    private static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "FunAsr", "apphost");

    internal static string RandomToken(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private static string? BuildMetadata(string key) =>
        typeof(DistributedApplicationBuilder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
}
