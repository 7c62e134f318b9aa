using System.Formats.Tar;
using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;

namespace FunAsr.ModelFetch;

/// <summary>
/// Unpacks .tar.bz2, .tar.gz, .tar and .zip into a folder. Every entry is checked before anything is written,
/// so an archive with an entry that would land outside the folder (<c>../</c>, an absolute path, a link pointing
/// out) is refused as a whole and leaves nothing behind.
/// </summary>
internal static class ArchiveUnpacker
{
    private enum EntryKind { Directory, File, SymbolicLink, HardLink }

    private sealed record PlannedEntry(string Name, string Target, EntryKind Kind, string? LinkTarget);

    public static bool IsArchive(string fileName) =>
        fileName.EndsWith(".tar.bz2", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tbz2", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <returns>The number of files written.</returns>
    public static int Unpack(string archivePath, string destination, int stripComponents, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(destination);
        var isZip = archivePath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        var plan = isZip ? PlanZip(archivePath, root, stripComponents) : PlanTar(archivePath, root, stripComponents, cancellationToken);
        return isZip ? ExtractZip(archivePath, plan) : ExtractTar(archivePath, plan, cancellationToken);
    }

    private static Stream OpenTar(string archivePath)
    {
        var file = File.OpenRead(archivePath);
        var name = archivePath.ToLowerInvariant();
        if (name.EndsWith(".tar.bz2") || name.EndsWith(".tbz2")) return new BZip2InputStream(file);
        if (name.EndsWith(".tar.gz") || name.EndsWith(".tgz")) return new GZipStream(file, CompressionMode.Decompress);
        return file;
    }

    private static Dictionary<string, PlannedEntry> PlanTar(string archivePath, string root, int strip, CancellationToken cancellationToken)
    {
        var plan = new Dictionary<string, PlannedEntry>(StringComparer.Ordinal);
        try
        {
            using var stream = OpenTar(archivePath);
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var kind = entry.EntryType switch
                {
                    TarEntryType.Directory => EntryKind.Directory,
                    TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => EntryKind.File,
                    TarEntryType.SymbolicLink => EntryKind.SymbolicLink,
                    TarEntryType.HardLink => EntryKind.HardLink,
                    TarEntryType.GlobalExtendedAttributes => (EntryKind?)null,
                    _ => throw new FetchException($"Refusing the archive: entry '{entry.Name}' is a {entry.EntryType}, not a file, folder or link."),
                };
                if (kind is null) continue;
                Plan(plan, root, strip, entry.Name, kind.Value, kind is EntryKind.SymbolicLink or EntryKind.HardLink ? entry.LinkName : null);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException)
        {
            throw new FetchException($"{Path.GetFileName(archivePath)} is not a readable archive: {e.Message}", e);
        }

        return plan;
    }

    private static Dictionary<string, PlannedEntry> PlanZip(string archivePath, string root, int strip)
    {
        var plan = new Dictionary<string, PlannedEntry>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(archivePath);
            foreach (var entry in zip.Entries)
            {
                // Unix mode in the high half of the external attributes: 0xA000 is a symbolic link.
                if (((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000)
                    throw new FetchException($"Refusing the archive: '{entry.FullName}' is a symbolic link, which zip archives here may not hold.");
                var kind = entry.FullName.EndsWith('/') ? EntryKind.Directory : EntryKind.File;
                Plan(plan, root, strip, entry.FullName, kind, null);
            }
        }
        catch (InvalidDataException e)
        {
            throw new FetchException($"{Path.GetFileName(archivePath)} is not a readable zip archive: {e.Message}", e);
        }

        return plan;
    }

    private static void Plan(Dictionary<string, PlannedEntry> plan, string root, int strip, string name, EntryKind kind, string? linkName)
    {
        if (Path.IsPathRooted(name) || name.StartsWith('\\') || (name.Length > 1 && name[1] == ':'))
            throw new FetchException($"Refusing the archive: entry '{name}' has an absolute path.");

        var parts = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains(".."))
            throw new FetchException($"Refusing the archive: entry '{name}' contains '..' and could write outside {root}.");
        if (parts.Length <= strip) return;

        var target = Path.GetFullPath(Path.Combine(root, Path.Combine(parts[strip..])));
        if (!IsInside(root, target))
            throw new FetchException($"Refusing the archive: entry '{name}' would be written outside {root}.");

        string? linkTarget = null;
        if (kind == EntryKind.SymbolicLink)
        {
            if (string.IsNullOrEmpty(linkName) || Path.IsPathRooted(linkName))
                throw new FetchException($"Refusing the archive: link '{name}' points to the absolute path '{linkName}'.");
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(target)!, linkName));
            if (!IsInside(root, resolved) && resolved != root)
                throw new FetchException($"Refusing the archive: link '{name}' -> '{linkName}' points outside {root}.");
            linkTarget = linkName;
        }
        else if (kind == EntryKind.HardLink)
        {
            var linkParts = (linkName ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
            if (string.IsNullOrEmpty(linkName) || Path.IsPathRooted(linkName) || linkParts.Contains("..") || linkParts.Length <= strip)
                throw new FetchException($"Refusing the archive: hard link '{name}' -> '{linkName}' points outside the archive's files.");
            linkTarget = Path.GetFullPath(Path.Combine(root, Path.Combine(linkParts[strip..])));
        }

        plan[name] = new PlannedEntry(name, target, kind, linkTarget);
    }

    private static bool IsInside(string root, string path) =>
        path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static int ExtractTar(string archivePath, Dictionary<string, PlannedEntry> plan, CancellationToken cancellationToken)
    {
        var written = 0;
        using var stream = OpenTar(archivePath);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!plan.TryGetValue(entry.Name, out var planned)) continue;
            switch (planned.Kind)
            {
                case EntryKind.Directory:
                    Directory.CreateDirectory(planned.Target);
                    break;
                case EntryKind.File:
                    Directory.CreateDirectory(Path.GetDirectoryName(planned.Target)!);
                    using (var output = File.Create(planned.Target))
                        entry.DataStream?.CopyTo(output);
                    written++;
                    break;
                case EntryKind.SymbolicLink:
                    Directory.CreateDirectory(Path.GetDirectoryName(planned.Target)!);
                    if (File.Exists(planned.Target) || Directory.Exists(planned.Target)) File.Delete(planned.Target);
                    File.CreateSymbolicLink(planned.Target, planned.LinkTarget!);
                    break;
                case EntryKind.HardLink:
                    Directory.CreateDirectory(Path.GetDirectoryName(planned.Target)!);
                    File.Copy(planned.LinkTarget!, planned.Target, overwrite: true);
                    written++;
                    break;
            }
        }

        return written;
    }

    private static int ExtractZip(string archivePath, Dictionary<string, PlannedEntry> plan)
    {
        var written = 0;
        using var zip = ZipFile.OpenRead(archivePath);
        foreach (var entry in zip.Entries)
        {
            if (!plan.TryGetValue(entry.FullName, out var planned)) continue;
            Directory.CreateDirectory(planned.Kind == EntryKind.Directory ? planned.Target : Path.GetDirectoryName(planned.Target)!);
            if (planned.Kind != EntryKind.File) continue;
            entry.ExtractToFile(planned.Target, overwrite: true);
            written++;
        }

        return written;
    }
}
