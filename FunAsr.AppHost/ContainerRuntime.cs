using System.Diagnostics;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace FunAsr.AppHost;

/// <summary>Which container engine answers on this machine, if any (a <c>docker</c> CLI without a running daemon does not count).</summary>
internal static class ContainerRuntime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    // Asked once per AppHost: Redis and PostgreSQL each choose, and a CLI without a daemon takes the whole timeout to say so.
    private static readonly Lazy<string?> Detected = new(Probe);

    /// <summary>
    /// Whether the dependency configured by <paramref name="key"/> (<c>container|executable</c>) runs as Aspire's container:
    /// always when publishing, else when a container engine answers, unless the key says otherwise.
    /// </summary>
    public static bool RunsAsContainer(IDistributedApplicationBuilder builder, string key)
    {
        var choice = builder.Configuration[key];
        var runtime = builder.ExecutionContext.IsPublishMode || choice == "container" ? null : Detect();
        var asContainer = choice switch
        {
            "container" => true,
            "executable" => false,
            null or "" => builder.ExecutionContext.IsPublishMode || runtime is not null,
            _ => throw new InvalidOperationException($"{key} is '{choice}'; use 'container' or 'executable'."),
        };
        if (asContainer && runtime is not null && builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] is null)
        {
            // DCP asks docker unless told otherwise; point it at the engine that answered.
            builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] = runtime;
        }
        return asContainer;
    }

    /// <summary>"docker" or "podman" when its engine answers <c>info</c> within a few seconds; otherwise null.</summary>
    public static string? Detect() => Detected.Value;

    private static string? Probe()
    {
        foreach (var runtime in new[] { "docker", "podman" })
        {
            if (Answers(runtime))
            {
                return runtime;
            }
        }
        return null;
    }

    private static bool Answers(string runtime)
    {
        if (RedisServerBuilderExtensions.FindOnPath(runtime) is not { } path)
        {
            return false;
        }
        var start = new ProcessStartInfo(path, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
