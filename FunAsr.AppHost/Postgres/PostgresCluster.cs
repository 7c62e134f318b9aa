using System.Diagnostics;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Debian's PostgreSQL binaries and the cluster they serve: initialised once, and given the password parameter's value at
/// every start, so a cluster kept across runs always accepts the connection string the AppHost hands out.
/// </summary>
internal static class PostgresCluster
{
    public const string InstallHint = "PostgreSQL is not installed: run 'sudo apt-get install postgresql' (or start Docker or Podman to run PostgreSQL in a container)";

    /// <summary>PostgreSQL refuses to run as root; under root the server, initdb and single-user mode run as this user.</summary>
    public const string ServiceUser = "nobody";

    public static bool AsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>The newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> that has a server; null when none is installed.</summary>
    public static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                .OrderBy(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin"))
                .LastOrDefault()
            : null;

    /// <summary>
    /// The command line for <paramref name="program"/>: itself, or under root through <c>setpriv</c> as <see cref="ServiceUser"/>.
    /// setpriv executes the program in place (runuser would stay its parent and SIGKILL it two seconds after a SIGTERM,
    /// cutting PostgreSQL's shutdown short).
    /// </summary>
    public static (string Command, string[] Prefix) AsServiceUser(string program) =>
        AsRoot ? ("setpriv", ["--reuid", ServiceUser, "--regid", "nogroup", "--clear-groups", "--", program]) : (program, []);

    /// <summary>Creates the cluster on first start; on every later start sets the superuser's password to the parameter's value.</summary>
    public static async Task PrepareAsync(PostgresExecutableResource server, string bin, string password, ILogger logger, CancellationToken cancellationToken)
    {
        var cluster = server.DataDirectory;
        if (File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            // Single-user mode reads the statement from standard input: the password reaches no command line and no log.
            // A failing statement is not echoed into the log either (log_min_error_statement).
            await RunAsync(Path.Combine(bin, "postgres"),
                ["--single", "-D", cluster, "-c", "listen_addresses=", "-c", "unix_socket_directories=", "-c", "log_min_error_statement=panic", "postgres"],
                $"ALTER ROLE {PostgresExecutableResource.UserName} PASSWORD '{password.Replace("'", "''")}';\n", logger, cancellationToken, secret: password);
            return;
        }

        Directory.CreateDirectory(cluster);
        if (AsRoot)
        {
            await RunAsync("chown", [ServiceUser, cluster], null, logger, cancellationToken, asServiceUser: false);
            try
            {
                await RunAsync("test", ["-w", cluster], null, logger, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                throw new InvalidOperationException(
                    $"under root it runs as '{ServiceUser}', who cannot reach {cluster}: set AppHost:DataDirectory to a folder every user may pass through (not under /root or a private temporary folder), for example /var/tmp/funasr.");
            }
        }
        // initdb reads the password from a file only its owner (the server's user) can read, removed once it has.
        var passwordFile = Path.Combine(Path.GetDirectoryName(cluster)!, $".{Path.GetFileName(cluster)}-initdb-password");
        await WriteOwnerOnlyAsync(passwordFile, password, cancellationToken);
        try
        {
            if (AsRoot)
            {
                await RunAsync("chown", [ServiceUser, passwordFile], null, logger, cancellationToken, asServiceUser: false);
            }
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", cluster, "-U", PostgresExecutableResource.UserName, $"--pwfile={passwordFile}", "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8"],
                null, logger, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task WriteOwnerOnlyAsync(string path, string content, CancellationToken cancellationToken)
    {
        // Owner-only before the password is written, so it is never readable by others, even for a moment.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await file.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
    }

    private static async Task RunAsync(string program, string[] arguments, string? input, ILogger logger, CancellationToken cancellationToken,
        bool asServiceUser = true, string? secret = null)
    {
        var (command, prefix) = asServiceUser ? AsServiceUser(program) : (program, []);
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server's user may not be allowed into the AppHost's working directory.
            WorkingDirectory = "/",
        };
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output + await errors).Trim();
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, "********", StringComparison.Ordinal);
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with code {process.ExitCode}: {text}");
        }
        if (input is null && text.Length > 0)
        {
            logger.LogInformation("{Program}: {Output}", Path.GetFileName(program), text);
        }
    }
}
