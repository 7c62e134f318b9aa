using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunAsr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunAsr.Tests.AppHost;

/// <summary>
/// The AppHost asked for PostgreSQL on a machine without a container engine, run as a user runs it: the machine's
/// PostgreSQL (Debian's postgresql package) starts in the data folder and the gateway keeps its accounts there.
/// </summary>
[Trait("Category", "Stack")]
public sealed partial class PostgresAppHostTests : IDisposable
{
    // initdb, the server, both schemas' migrations and every service on a small, busy machine.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private readonly ITestOutputHelper _output;
    private readonly string _data = Directory.CreateTempSubdirectory("funasr-postgres-").FullName;

    public PostgresAppHostTests(ITestOutputHelper output)
    {
        _output = output;
        // A temporary folder is its owner's only; under root the server runs as nobody, who must reach its cluster inside.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_data, File.GetUnixFileMode(_data) | UnixFileMode.OtherExecute);
        }
    }

    [Fact]
    public async Task On_the_machines_postgresql_the_development_admin_signs_in_and_no_command_line_carries_the_password()
    {
        var password = Guid.NewGuid().ToString("N");
        await using var appHost = AppHostProcess.Start(
            ["--AppHost:AsrReplicas=1", $"--AppHost:DataDirectory={_data}", "--DcpPublisher:RandomizePorts=true", "--AppHost:Model=none",
             "--AppHost:Database=postgres", "--AppHost:Postgres=executable", "--AppHost:Redis=executable"],
            ProcessEnvironment(password));
        var started = DateTime.UtcNow;

        var banner = await appHost.WaitForLineAsync(l => l.Contains("Open the page at", StringComparison.Ordinal), StartTimeout);
        _output.WriteLine($"The page line came {(DateTime.UtcNow - started).TotalSeconds:0} s after start.");
        var page = new Uri(PageUrl().Match(banner).Groups["url"].Value);
        var adminPassword = (await File.ReadAllTextAsync(Path.Combine(_data, "dev-admin-password"))).Trim();

        // The session cookie is Secure and this gateway speaks http: carry it by hand.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = page, Timeout = TimeSpan.FromSeconds(60) };
        using var login = await client.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = adminPassword });
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"{(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
        var session = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-funasr-session=", StringComparison.Ordinal)).Split(';')[0];
        using var meRequest = new HttpRequestMessage(HttpMethod.Get, "/api/account/me") { Headers = { { "Cookie", session } } };
        using var me = await client.SendAsync(meRequest);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("admin", JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());

        // The accounts live in the cluster in the data folder; initdb's password file is gone.
        var cluster = Path.Combine(_data, "postgres");
        Assert.True(File.Exists(Path.Combine(cluster, "PG_VERSION")), "the cluster is in the data folder");
        Assert.Empty(Directory.GetFiles(_data, "*initdb-password*"));
        var processes = ProcessTree.OfAppHost(appHost.Pid);
        var servers = processes.Select(ProcessTree.CommandLine).Where(c => c.Contains($"-D {cluster}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(servers);
        foreach (var server in servers)
        {
            _output.WriteLine(server);
        }
        Assert.DoesNotContain(processes, pid => ProcessTree.CommandLine(pid).Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(processes, pid => ProcessTree.CommandLine(pid).Contains(adminPassword, StringComparison.Ordinal));

        appHost.Interrupt();

        Assert.Equal(0, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        await ProcessTree.AssertGoneAsync(processes, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Under_root_a_data_folder_that_nobody_cannot_pass_through_is_named_on_the_console()
    {
        if (Environment.UserName != "root")
        {
            // Only root hands the server to nobody; any other user runs it as themself.
            return;
        }
        var secluded = Directory.CreateTempSubdirectory("funasr-private-").FullName;
        try
        {
            await using var appHost = AppHostProcess.Start(
                ["--AppHost:AsrReplicas=1", $"--AppHost:DataDirectory={secluded}", "--DcpPublisher:RandomizePorts=true", "--AppHost:Model=none",
                 "--AppHost:Database=postgres", "--AppHost:Postgres=executable", "--AppHost:Redis=executable"],
                ProcessEnvironment());
            var processes = new HashSet<int>();

            var line = await appHost.WaitForLineAsync(l => l.Contains("PostgreSQL cannot start", StringComparison.Ordinal), StartTimeout);
            processes.UnionWith(ProcessTree.OfAppHost(appHost.Pid));
            appHost.Interrupt();

            Assert.Contains($"cannot reach {Path.Combine(secluded, "postgres")}", line);
            Assert.Contains("AppHost:DataDirectory", line);
            Assert.Equal(0, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(90)));
            await ProcessTree.AssertGoneAsync(processes, TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(secluded, recursive: true);
        }
    }

    /// <summary>The dashboard's addresses and the generated secrets (given, so test runs do not persist them into user secrets).</summary>
    private static Dictionary<string, string> ProcessEnvironment(string? postgresPassword = null) => new()
    {
        ["ASPNETCORE_URLS"] = "http://localhost:18888",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889",
        ["Parameters__cache-password"] = Guid.NewGuid().ToString("N"),
        ["Parameters__internal-signing-key"] = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
        ["Parameters__postgres-password"] = postgresPassword ?? Guid.NewGuid().ToString("N"),
    };

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [GeneratedRegex(@"Open the page at (?<url>http://\S+)")]
    private static partial Regex PageUrl();
}
