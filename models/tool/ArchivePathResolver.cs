namespace FunAsr.ModelFetch;

/// <summary>
/// Where a path really leads once every symbolic link along it is followed, as realpath(3) would, over the links an
/// archive has laid down so far (planned, not yet on disk) and those already on disk. Checking entry names as text is
/// not enough: "a" → "." then "a/b" → ".." then "a/b/file" reads as inside the folder but lands in its parent.
/// </summary>
internal sealed class ArchivePathResolver
{
    /// <summary>As Linux's MAXSYMLINKS: past this many links on one path it is a loop.</summary>
    private const int MaxLinkHops = 40;

    private readonly Dictionary<string, string> _plannedLinks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _plannedOthers = new(StringComparer.Ordinal);

    public ArchivePathResolver(string root)
    {
        // The folder itself may sit under a link (/tmp on some systems); compare real paths with real paths.
        Root = Resolve(Path.GetFullPath(root), followLast: true);
    }

    public string Root { get; }

    /// <summary>Whether <paramref name="path"/> (already resolved) is the folder or inside it.</summary>
    public bool IsInside(string path, bool orRoot = false) =>
        (orRoot && path == Root) || path.StartsWith(Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Records that <paramref name="path"/> (as written, unresolved) will be a link to <paramref name="target"/>.</summary>
    public void PlanLink(string path, string target)
    {
        _plannedOthers.Remove(path);
        _plannedLinks[path] = target;
    }

    /// <summary>Records that <paramref name="path"/> will be a file or folder (a link there is replaced or written through).</summary>
    public void PlanOther(string path)
    {
        if (!_plannedLinks.ContainsKey(path)) _plannedOthers.Add(path);
    }

    /// <summary>
    /// The real path of <paramref name="path"/> (absolute), every link along it followed; with <paramref name="followLast"/>
    /// false a link in the last place is not followed (it is what is being created or replaced).
    /// </summary>
    /// <exception cref="FetchException">The links loop.</exception>
    public string Resolve(string path, bool followLast)
    {
        var pending = new Stack<string>(Parts(path).Reverse());
        var current = Path.GetPathRoot(path) ?? "/";
        var hops = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            if ((pending.Count > 0 || followLast) && LinkAt(next) is { } target)
            {
                if (++hops > MaxLinkHops) throw new FetchException($"Refusing the archive: the links under '{path}' loop.");
                if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target) ?? "/";
                foreach (var step in Parts(target).Reverse()) pending.Push(step);
                continue;
            }

            current = next;
        }

        return current;
    }

    private string? LinkAt(string path)
    {
        if (_plannedLinks.TryGetValue(path, out var planned)) return planned;
        if (_plannedOthers.Contains(path)) return null;
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Parts(string path) =>
        path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
}
