using System.Diagnostics;
using Npgsql;

namespace FunAsr.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server on a free loopback port with a throw-away cluster in a temporary folder (Debian's
/// postgresql package). PostgreSQL refuses to run as root, so under root it runs as <c>nobody</c>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private PostgresServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=funasr;Database={database};Pooling=false";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL is not installed (bash scripts/setup-debian.sh installs Debian's postgresql).");
        var folder = Directory.CreateTempSubdirectory("funasr-postgres-").FullName;
        var data = Path.Combine(folder, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "nobody", folder]);
        }
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "funasr", "--auth=trust", "-E", "UTF8", "--no-sync"], asRoot);
        var port = RedisServer.FreeTcpPort();
        var process = Start(Path.Combine(bin, "postgres"),
            ["-D", data, "-p", port.ToString(), "-k", folder, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"], asRoot);
        var server = new PostgresServer(process, port, folder);
        await server.WaitUntilReadyAsync();
        return server;
    }

    private static string? FindBin()
    {
        if (File.Exists("/usr/local/bin/postgres") && File.Exists("/usr/local/bin/initdb"))
        {
            return "/usr/local/bin";
        }
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "postgres"))).Order().LastOrDefault()
            : null;
    }

    private static Process Start(string file, string[] arguments, bool asNobody = false)
    {
        var start = asNobody ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", "nobody", "--", file } } : new ProcessStartInfo(file);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string file, string[] arguments, bool asNobody = false)
    {
        using var process = Start(file, arguments, asNobody);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with code {process.ExitCode}");
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with code {_process.ExitCode}");
            }
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"postgres on port {Port} did not accept connections within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
