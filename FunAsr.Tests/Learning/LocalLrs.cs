using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Learning;

/// <summary>
/// A conforming xAPI 1.0.3 LRS on a loopback port: Learning Locker's statement service (npm <c>xapi-statements</c>,
/// installed from FunAsr.Tests/Learning/Lrs/package-lock.json on first use) with statements in memory and HTTP Basic
/// credentials of its own. <see cref="StartAsync"/> may take a port, so a test can start it where an endpoint already points.
/// </summary>
public sealed class LocalLrs : IAsyncDisposable
{
    public const string Key = "funasr-lrs-key";
    public const string Secret = "funasr-lrs-secret-0123";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly Process _process;
    private readonly string _storage;
    private readonly StringBuilder _output = new();

    private LocalLrs(Process process, int port, string storage)
    {
        _process = process;
        Port = port;
        _storage = storage;
    }

    public int Port { get; }

    /// <summary>The xAPI base the learning service is configured with (<c>Learning:Lrs:Endpoint</c>).</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}/xAPI";

    public static int FreePort() => RedisServer.FreeTcpPort();

    public static async Task<LocalLrs> StartAsync(int? port = null)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "FunAsr.Tests", "Learning", "Lrs");
        await InstallAsync(folder);
        var storage = Directory.CreateTempSubdirectory("funasr-lrs-").FullName;
        var chosen = port ?? FreePort();
        var start = new ProcessStartInfo("node", ["lrs.js"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["LRS_PORT"] = chosen.ToString(), ["LRS_KEY"] = Key, ["LRS_SECRET"] = Secret, ["LRS_STORAGE"] = storage, ["NODE_NO_WARNINGS"] = "1" },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (Node.js is part of the machine; see scripts/setup-debian.sh).");
        var lrs = new LocalLrs(process, chosen, storage);
        process.OutputDataReceived += (_, e) => lrs.Log(e.Data);
        process.ErrorDataReceived += (_, e) => lrs.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await lrs.WaitUntilReadyAsync();
        return lrs;
    }

    /// <summary>An HTTP client for the LRS as a reporting tool would use it (version header and credentials).</summary>
    public HttpClient Client(string? key = Key, string? secret = Secret)
    {
        var client = new HttpClient { BaseAddress = new Uri(Endpoint + "/") };
        client.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}")));
        }
        return client;
    }

    /// <summary>Every statement the LRS holds (following <c>more</c>), newest first.</summary>
    public async Task<List<JsonElement>> StatementsAsync(string query = "")
    {
        using var client = Client();
        var all = new List<JsonElement>();
        var next = "statements" + query;
        while (!string.IsNullOrEmpty(next))
        {
            using var response = await client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            all.AddRange(page.RootElement.GetProperty("statements").EnumerateArray().Select(s => s.Clone()));
            var more = page.RootElement.TryGetProperty("more", out var m) ? m.GetString() : null;
            next = string.IsNullOrEmpty(more) ? null : new Uri(new Uri($"http://127.0.0.1:{Port}"), more).PathAndQuery[("/xAPI/".Length)..];
        }
        return all;
    }

    public async Task<List<JsonElement>> WaitForStatementsAsync(Func<List<JsonElement>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var statements = await StatementsAsync();
            if (condition(statements) || DateTime.UtcNow > deadline)
            {
                return statements;
            }
            await Task.Delay(200);
        }
    }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_storage, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The local LRS exited ({_process.ExitCode}): {Output}");
            }
            try
            {
                using var about = await client.GetAsync($"{Endpoint}/about");
                if (about.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The local LRS did not answer on {Endpoint}: {Output}");
    }

    /// <summary>Installs the LRS once per machine from the committed lock file (npm ci; no install scripts run).</summary>
    private static async Task InstallAsync(string folder)
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(folder, "node_modules", "xapi-statements", "dist", "server.js")))
            {
                return;
            }
            var npm = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start.");
            var errors = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci for the local LRS failed ({process.ExitCode}): {await errors}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
