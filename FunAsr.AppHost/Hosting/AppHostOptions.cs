using System.ComponentModel.DataAnnotations;

namespace FunAsr.AppHost.Hosting;

/// <summary>How the AppHost itself runs; bound from the <c>AppHost</c> configuration section and the command line.</summary>
public sealed class AppHostOptions
{
    public const string SectionName = "AppHost";

    /// <summary>Test mode: every port ephemeral, a temporary data folder removed at exit, no build, machine-readable events.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Start the projects from their existing build output without running <c>dotnet build</c>.</summary>
    public bool NoBuild { get; set; }

    /// <summary>Where Redis keeps its append-only file and the AppHost its development key; default under the user's data folder.</summary>
    public string? DataDirectory { get; set; }

    [Range(0, 65535)]
    public int GatewayPort { get; set; } = 5080;

    [Range(0, 65535)]
    public int DashboardPort { get; set; } = 18888;

    [Range(0, 65535)]
    public int OtlpHttpPort { get; set; } = 18890;

    /// <summary>Browser login token of the dashboard; generated at start when empty.</summary>
    public string? DashboardToken { get; set; }

    /// <summary>Build configuration whose output is started (defaults to the AppHost's own).</summary>
    public string? BuildConfiguration { get; set; }

    /// <summary>Folder the AppHost resolves project paths from (defaults to the AppHost project folder).</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary>Stop everything when standard input reaches end of file: a test runner that dies takes the stack with it.</summary>
    public bool StopWhenInputCloses { get; set; }

    [Range(1, 3600)]
    public int StopTimeoutSeconds { get; set; } = 10;

    [Range(1, 3600)]
    public int MaxRestartDelaySeconds { get; set; } = 30;

    /// <summary>Lines of console output kept per replica for the dashboard and crash reports.</summary>
    [Range(10, 100_000)]
    public int ConsoleLogLines { get; set; } = 2000;
}
