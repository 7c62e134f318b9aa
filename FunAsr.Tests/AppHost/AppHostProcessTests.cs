using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.AppHost;

/// <summary>
/// The AppHost as a user starts it (its own process, Aspire's DCP and dashboard), for what the in-process testing
/// builder cannot show: the console lines, the signals a terminal or a service manager sends, and what is left after.
/// Ports are randomised as the testing builder does, so these runs never collide with a developer's AppHost.
/// </summary>
[Trait("Category", "Stack")]
public sealed partial class AppHostProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _data = Directory.CreateTempSubdirectory("funasr-apphost-").FullName;
    private readonly string _bin = Directory.CreateTempSubdirectory("funasr-path-").FullName;

    private static readonly Dictionary<string, string> DashboardAddresses = new()
    {
        // Required by the dashboard; with randomised ports DCP fronts them with free ones.
        ["ASPNETCORE_URLS"] = "http://localhost:18888",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889",
    };

    // A short drain window: these tests are about what is left after a stop, not about draining (ShutdownTests are).
    private string[] Arguments(params string[] extra) =>
        ["--AppHost:AsrReplicas=1", $"--AppHost:DataDirectory={_data}", "--DcpPublisher:RandomizePorts=true", "--AppHost:Model=none",
            "--AppHost:ShutdownTimeoutSeconds=5", .. extra];

    /// <summary>
    /// The dashboard's addresses, and the generated secrets given in the environment (never on a command line, which the
    /// test checks), so test runs do not persist them into the developer's user secrets.
    /// </summary>
    private static Dictionary<string, string> ProcessEnvironment(Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(DashboardAddresses)
        {
            ["Parameters__cache-password"] = Guid.NewGuid().ToString("N"),
            ["Parameters__internal-signing-key"] = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
        };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }
        return environment;
    }

    [Fact]
    public async Task Ctrl_c_after_the_page_line_leaves_no_process_and_no_password_on_any_command_line()
    {
        await using var appHost = AppHostProcess.Start(Arguments("--AppHost:Redis=executable"), ProcessEnvironment());
        var started = DateTime.UtcNow;

        var login = await appHost.WaitForLineAsync(l => l.Contains("Login to the dashboard at http", StringComparison.Ordinal), StartTimeout);
        var banner = await appHost.WaitForLineAsync(l => l.Contains("Open the page at", StringComparison.Ordinal), StartTimeout);
        var ready = DateTime.UtcNow - started;
        var page = PageLine().Match(banner);
        Assert.True(page.Success, banner);
        Assert.Contains("/login?t=", login);

        using (var client = new HttpClient { BaseAddress = new Uri(page.Groups["url"].Value) })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", page.Groups["key"].Value);
            using var models = await client.GetAsync("/v1/models");
            Assert.True(models.StatusCode == HttpStatusCode.OK, $"the page's gateway answered {(int)models.StatusCode} {ready.TotalSeconds:0} s after start");
        }
        Assert.Equal(page.Groups["key"].Value, (await File.ReadAllTextAsync(Path.Combine(_data, "dev-api-key"))).Trim());

        // The Redis password lives in redis.conf (owner-only), never in a process's arguments.
        var config = Path.Combine(_data, "redis", "redis.conf");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(config));
        var password = RequirePass().Match(await File.ReadAllTextAsync(config)).Groups["password"].Value;
        Assert.True(password.Length >= 22, "a generated password");
        var processes = ProcessTree.OfAppHost(appHost.Pid);
        Assert.Contains(processes, pid => ProcessTree.CommandLine(pid).Contains("redis-server", StringComparison.Ordinal));
        Assert.Contains(processes, pid => ProcessTree.CommandLine(pid).Contains("Aspire.Dashboard", StringComparison.Ordinal));
        Assert.DoesNotContain(processes, pid => ProcessTree.CommandLine(pid).Contains(password, StringComparison.Ordinal));

        appHost.Interrupt();

        Assert.Equal(0, await appHost.WaitForExitAsync(ExitTimeout));
        await ProcessTree.AssertGoneAsync(processes, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Without_redis_server_the_console_says_how_to_install_it()
    {
        // A PATH with dotnet (DCP starts the projects with it) and nothing else: no redis-server, no container engine.
        var dotnet = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(dir => Path.Combine(dir, "dotnet")).First(File.Exists);
        File.CreateSymbolicLink(Path.Combine(_bin, "dotnet"), new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet);
        await using var appHost = AppHostProcess.Start(Arguments(), ProcessEnvironment(new() { ["PATH"] = _bin }));
        var processes = new HashSet<int>();

        var hint = await appHost.WaitForLineAsync(l => l.Contains("redis-server is not installed", StringComparison.Ordinal), StartTimeout);
        processes.UnionWith(ProcessTree.OfAppHost(appHost.Pid));
        appHost.Interrupt();

        Assert.Contains("sudo apt-get install redis-server", hint);
        Assert.Equal(0, await appHost.WaitForExitAsync(ExitTimeout));
        await ProcessTree.AssertGoneAsync(processes, TimeSpan.FromSeconds(30));
    }

    // Generous: a loaded 2-core machine stops DCP, the dashboard and each service slowly.
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(180);

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_bin, recursive: true);
    }

    [GeneratedRegex(@"Open the page at (?<url>http://\S+) (?:with the development|and sign in as \S+ with password \S+ \(development admin\); scripts use the) API key (?<key>\S+)")]
    private static partial Regex PageLine();

    [GeneratedRegex("requirepass \"(?<password>[^\"]+)\"")]
    private static partial Regex RequirePass();
}
