using System.Diagnostics;

namespace FunAsr.AppHost.Redis;

/// <summary>Which container engine answers on this machine, if any (a <c>docker</c> CLI without a running daemon does not count).</summary>
internal static class ContainerRuntime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>"docker" or "podman" when its engine answers <c>info</c> within a few seconds; otherwise null.</summary>
    public static string? Detect()
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
