using System.Formats.Tar;
using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;

namespace FunAsr.ModelFetch;

/// <summary>
/// Unpacks .tar.bz2, .tar.gz, .tar and .zip into a folder. Every entry is checked before anything is written, by where
/// it really lands once the links the archive lays down before it (and any already on disk) are followed, so an archive
/// with an entry that would land outside the folder (<c>../</c>, an absolute path, a link pointing out, a chain of links
/// each harmless as text) is refused as a whole and leaves nothing behind. Each write is checked again against the disk.
/// </summary>
internal static class ArchiveUnpacker
{
    private enum EntryKind { Directory, File, SymbolicLink, HardLink }

    /// <summary>One entry to write, in archive order: where it goes (as written) and, for links, what it points to.</summary>
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
        var resolver = new ArchivePathResolver(root);
        var plan = isZip ? PlanZip(archivePath, resolver, stripComponents) : PlanTar(archivePath, resolver, stripComponents, cancellationToken);
        CheckLinksLandInside(plan, resolver);
        return isZip ? ExtractZip(archivePath, plan, root) : ExtractTar(archivePath, plan, root, cancellationToken);
    }

    private static Stream OpenTar(string archivePath)
    {
        var file = File.OpenRead(archivePath);
        var name = archivePath.ToLowerInvariant();
        if (name.EndsWith(".tar.bz2") || name.EndsWith(".tbz2")) return new BZip2InputStream(file);
        if (name.EndsWith(".tar.gz") || name.EndsWith(".tgz")) return new GZipStream(file, CompressionMode.Decompress);
        return file;
    }

    /// <returns>One slot per archive entry, in order; null for entries that are not written (stripped away, metadata).</returns>
    private static List<PlannedEntry?> PlanTar(string archivePath, ArchivePathResolver resolver, int strip, CancellationToken cancellationToken)
    {
        var plan = new List<PlannedEntry?>();
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
                plan.Add(kind is null ? null : Plan(resolver, strip, entry.Name, kind.Value, kind is EntryKind.SymbolicLink or EntryKind.HardLink ? entry.LinkName : null));
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException)
        {
            throw new FetchException($"{Path.GetFileName(archivePath)} is not a readable archive: {e.Message}", e);
        }

        return plan;
    }

    private static List<PlannedEntry?> PlanZip(string archivePath, ArchivePathResolver resolver, int strip)
    {
        var plan = new List<PlannedEntry?>();
        try
        {
            using var zip = ZipFile.OpenRead(archivePath);
            foreach (var entry in zip.Entries)
            {
                // Unix mode in the high half of the external attributes: 0xA000 is a symbolic link.
                if (((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000)
                    throw new FetchException($"Refusing the archive: '{entry.FullName}' is a symbolic link, which zip archives here may not hold.");
                var kind = entry.FullName.EndsWith('/') ? EntryKind.Directory : EntryKind.File;
                plan.Add(Plan(resolver, strip, entry.FullName, kind, null));
            }
        }
        catch (InvalidDataException e)
        {
            throw new FetchException($"{Path.GetFileName(archivePath)} is not a readable zip archive: {e.Message}", e);
        }

        return plan;
    }

    private static PlannedEntry? Plan(ArchivePathResolver resolver, int strip, string name, EntryKind kind, string? linkName)
    {
        var root = resolver.Root;
        if (Path.IsPathRooted(name) || name.StartsWith('\\') || (name.Length > 1 && name[1] == ':'))
            throw new FetchException($"Refusing the archive: entry '{name}' has an absolute path.");

        var parts = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains(".."))
            throw new FetchException($"Refusing the archive: entry '{name}' contains '..' and could write outside {root}.");
        if (parts.Length <= strip) return null;

        var target = Path.GetFullPath(Path.Combine(root, Path.Combine(parts[strip..])));
        if (!resolver.IsInside(target))
            throw new FetchException($"Refusing the archive: entry '{name}' would be written outside {root}.");

        // Where the entry really lands: through every link laid down before it. A link itself is created (or replaced)
        // where it is named, so its last step is not followed; a file or folder is written through a link there.
        var lands = resolver.Resolve(target, followLast: kind != EntryKind.SymbolicLink);
        if (!resolver.IsInside(lands))
            throw new FetchException($"Refusing the archive: entry '{name}' would be written to {lands} through links, outside {root}.");

        string? linkTarget = null;
        switch (kind)
        {
            case EntryKind.SymbolicLink:
                if (string.IsNullOrEmpty(linkName) || Path.IsPathRooted(linkName))
                    throw new FetchException($"Refusing the archive: link '{name}' points to the absolute path '{linkName}'.");
                var pointsTo = resolver.Resolve(Path.Combine(Path.GetDirectoryName(lands)!, linkName), followLast: true);
                if (!resolver.IsInside(pointsTo, orRoot: true))
                    throw new FetchException($"Refusing the archive: link '{name}' -> '{linkName}' points outside {root} (to {pointsTo}).");
                resolver.PlanLink(lands, linkName);
                linkTarget = linkName;
                break;
            case EntryKind.HardLink:
                var linkParts = (linkName ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
                if (string.IsNullOrEmpty(linkName) || Path.IsPathRooted(linkName) || linkParts.Contains("..") || linkParts.Length <= strip)
                    throw new FetchException($"Refusing the archive: hard link '{name}' -> '{linkName}' points outside the archive's files.");
                linkTarget = Path.GetFullPath(Path.Combine(root, Path.Combine(linkParts[strip..])));
                var source = resolver.Resolve(linkTarget, followLast: true);
                if (!resolver.IsInside(source))
                    throw new FetchException($"Refusing the archive: hard link '{name}' -> '{linkName}' reads {source} through links, outside {root}.");
                resolver.PlanOther(lands);
                break;
            default:
                resolver.PlanOther(lands);
                break;
        }

        return new PlannedEntry(name, target, kind, linkTarget);
    }

    /// <summary>A link laid down early can be pointed outside by one laid down later; with every link in place, none may lead out.</summary>
    private static void CheckLinksLandInside(List<PlannedEntry?> plan, ArchivePathResolver resolver)
    {
        foreach (var link in plan.OfType<PlannedEntry>().Where(e => e.Kind == EntryKind.SymbolicLink))
        {
            var pointsTo = resolver.Resolve(link.Target, followLast: true);
            if (!resolver.IsInside(pointsTo, orRoot: true))
                throw new FetchException($"Refusing the archive: link '{link.Name}' -> '{link.LinkTarget}' ends up pointing outside {resolver.Root} (to {pointsTo}).");
        }
    }

    /// <summary>Checked again at write time against what is on disk now, in case the folder changed since planning.</summary>
    private static void AssertLandsInside(ArchivePathResolver disk, PlannedEntry entry)
    {
        var lands = disk.Resolve(entry.Target, followLast: entry.Kind != EntryKind.SymbolicLink);
        if (!disk.IsInside(lands))
            throw new FetchException($"Refusing to write '{entry.Name}': it would land at {lands}, outside {disk.Root}.");
    }

    private static int ExtractTar(string archivePath, List<PlannedEntry?> plan, string root, CancellationToken cancellationToken)
    {
        var written = 0;
        var index = 0;
        using var stream = OpenTar(archivePath);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (index >= plan.Count || plan[index++] is not { } planned) continue;
            AssertLandsInside(new ArchivePathResolver(root), planned);
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

    private static int ExtractZip(string archivePath, List<PlannedEntry?> plan, string root)
    {
        var written = 0;
        var index = 0;
        using var zip = ZipFile.OpenRead(archivePath);
        foreach (var entry in zip.Entries)
        {
            if (index >= plan.Count || plan[index++] is not { } planned) continue;
            AssertLandsInside(new ArchivePathResolver(root), planned);
            Directory.CreateDirectory(planned.Kind == EntryKind.Directory ? planned.Target : Path.GetDirectoryName(planned.Target)!);
            if (planned.Kind != EntryKind.File) continue;
            entry.ExtractToFile(planned.Target, overwrite: true);
            written++;
        }

        return written;
    }
}
