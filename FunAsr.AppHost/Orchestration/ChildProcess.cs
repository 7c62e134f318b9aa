using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FunAsr.AppHost.Orchestration;

/// <summary>
/// A child started in its own session and process group, with a watchdog that kills the whole group
/// as soon as the AppHost's end of its stdin pipe closes — which the kernel does even when the AppHost is SIGKILLed.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    // fd 3 keeps the AppHost pipe open for the watchdog: a background list's stdin is /dev/null in a non-interactive shell.
    private const string LauncherScript =
        "exec 3<&0; { cat <&3 >/dev/null 2>&1; kill -9 0; } </dev/null >/dev/null 2>&1 & exec \"$@\" </dev/null 3<&-";

    private const int SigTerm = 15;
    private const int SigKill = 9;

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public Task<int> Exited => _exited.Task;

    /// <summary>Starts the command; throws <see cref="Win32Exception"/> when <c>setsid</c> is missing.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, Action<string, bool> onOutputLine)
    {
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(LauncherScript);
        start.ArgumentList.Add(Path.GetFileName(fileName));
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in EnvironmentContract.NotInherited)
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onOutputLine(e.Data, false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onOutputLine(e.Data, true); };
        process.Exited += (_, _) => child.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM to the whole group, then SIGKILL after the grace period; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan gracePeriod)
    {
        if (!_exited.Task.IsCompleted)
        {
            Signal(SigTerm);
            var finished = await Task.WhenAny(_exited.Task, Task.Delay(gracePeriod));
            if (finished != _exited.Task)
            {
                Signal(SigKill);
            }
        }
        var code = await _exited.Task;
        ReleaseWatchdog();
        return code;
    }

    /// <summary>SIGKILL the main process only, as a crash would.</summary>
    public void Kill() => _ = Kill(_process.Id, SigKill);

    private void Signal(int signal) => _ = Kill(-_process.Id, signal);

    private void OnExited()
    {
        // Grandchildren (ffmpeg, a stuck watchdog) go with their parent.
        ReleaseWatchdog();
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }
        _exited.TrySetResult(code);
    }

    private void ReleaseWatchdog()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Already closed: the watchdog has fired.
        }
    }

    public void Dispose() => _process.Dispose();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
