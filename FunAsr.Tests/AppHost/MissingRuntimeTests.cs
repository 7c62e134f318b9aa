using System.Diagnostics;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.AppHost;

[Trait("Category", "Stack")]
[Collection(StackCollection.Name)]
public sealed class MissingRuntimeTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("funasr-path-").FullName;

    /// <summary>A PATH with what the AppHost needs (sh, setsid, cat, dotnet) but no redis-server.</summary>
    private string PathWithoutRedis()
    {
        foreach (var tool in new[] { "sh", "setsid", "cat", "dotnet" })
        {
            var target = Environment.GetEnvironmentVariable("PATH")!.Split(':')
                .Select(dir => Path.Combine(dir, tool)).First(File.Exists);
            File.CreateSymbolicLink(Path.Combine(_bin, tool), new FileInfo(target).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? target);
        }
        return _bin;
    }

    [Fact]
    public async Task Missing_redis_server_is_runtime_unhealthy_with_the_install_command_and_dependents_keep_waiting()
    {
        var start = new ProcessStartInfo(StackFixture.DotnetHostPath())
        {
            ArgumentList = { StackFixture.AppHostAssemblyPath(), "--ephemeral", "--AppHost:AsrReplicas=1", "--AppHost:StopWhenInputCloses=true" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = PathWithoutRedis();
        using var appHost = Process.Start(start)!;
        var lines = new List<string>();
        string? report = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (report is null && await appHost.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (line.Contains(" cache ", StringComparison.Ordinal) && line.Contains("RuntimeUnhealthy", StringComparison.Ordinal))
            {
                report = line;
            }
        }
        await Task.Delay(1000);
        appHost.StandardInput.Close();
        await appHost.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(report);
        Assert.Contains("sudo apt-get install redis-server", report);
        var rest = (await appHost.StandardOutput.ReadToEndAsync()).Split('\n');
        Assert.DoesNotContain(lines.Concat(rest), l => l.StartsWith("##apphost-state", StringComparison.Ordinal)
                                                       && l.Contains("\"resource\":\"asr\"", StringComparison.Ordinal)
                                                       && l.Contains("\"state\":\"Running\"", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);
}
