namespace FunAsr.Tests.Infrastructure;

/// <summary>Processes read from <c>/proc</c>: descendants of a process, and a check that a set of them has ended.</summary>
public static partial class ProcessTree
{
    /// <summary>Every live descendant of <paramref name="root"/> (children, their children, …).</summary>
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = Snapshot().ToDictionary(p => p.Pid, p => p.ParentPid);
        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, parentPid) in parents)
            {
                if (parentPid == parent)
                {
                    result.Add(pid);
                    frontier.Enqueue(pid);
                }
            }
        }
        return result;
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The processes with all their descendants, as they are now.</summary>
    public static HashSet<int> WithDescendants(IEnumerable<int> pids) =>
        pids.SelectMany(pid => (IEnumerable<int>)[pid, .. Descendants(pid)]).ToHashSet();

    /// <summary>
    /// Everything an AppHost runs: its descendants, and DCP's processes (which detach from it but are started with
    /// <c>--monitor PID</c> and share one kubeconfig per run) with theirs: the dashboard, redis-server, every replica.
    /// </summary>
    public static HashSet<int> OfAppHost(int appHost) => [.. WithDescendants([appHost]), .. StartedByDcpFor(appHost)];

    /// <summary>DCP's processes for the AppHost running as <paramref name="appHost"/>, with everything they started.</summary>
    public static HashSet<int> StartedByDcpFor(int appHost)
    {
        var all = Snapshot().Select(p => (p.Pid, CommandLine: CommandLine(p.Pid))).ToList();
        var kubeconfigs = all.Where(p => p.CommandLine.Contains($"--monitor {appHost} ", StringComparison.Ordinal) || p.CommandLine.EndsWith($"--monitor {appHost}", StringComparison.Ordinal))
            .Select(p => KubeConfig().Match(p.CommandLine)).Where(m => m.Success).Select(m => m.Value).ToHashSet();
        return WithDescendants(all.Where(p => kubeconfigs.Any(k => p.CommandLine.Contains(k, StringComparison.Ordinal))).Select(p => p.Pid));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"--kubeconfig \S+")]
    private static partial System.Text.RegularExpressions.Regex KubeConfig();

    /// <summary>Fails (naming the survivors) if any of <paramref name="watched"/> is alive after <paramref name="grace"/>.</summary>
    public static async Task AssertGoneAsync(IReadOnlySet<int> watched, TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        List<int> alive;
        while ((alive = watched.Where(IsAlive).ToList()).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        if (alive.Count > 0)
        {
            var survivors = string.Join("; ", alive.Select(pid => $"{pid} {CommandLine(pid)}"));
            foreach (var pid in alive)
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                }
            }
            throw new InvalidOperationException($"Processes outlived the AppHost: {survivors}");
        }
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static IEnumerable<(int Pid, int ParentPid)> Snapshot()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // Fields after the parenthesised command: state ppid …
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            yield return (pid, int.Parse(fields[1]));
        }
    }
}
