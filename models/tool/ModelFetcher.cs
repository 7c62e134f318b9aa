using System.Security.Cryptography;
using System.Text.Json;

namespace FunAsr.ModelFetch;

/// <param name="IfMissing">Do nothing when the folder already holds this entry's download (its .fetched.json lists the
/// same URLs): what the AppHost runs at every start.</param>
public sealed record FetchOptions(bool AllowUnpinned = false, bool IfMissing = false);

public sealed record FetchedFile(string Url, string Sha256, bool Pinned);

public sealed record FetchResult(string Folder, IReadOnlyList<FetchedFile> Files);

/// <summary>
/// Fetches one manifest entry into <c>&lt;models&gt;/&lt;name&gt;/</c>: resumable download, SHA-256 check, then unpacking
/// or saving under the name the manifest gives. Partial downloads live in <c>&lt;name&gt;/.download/</c>.
/// </summary>
public sealed class ModelFetcher(HttpClient http, TextWriter log, IProgress<DownloadProgress>? progress = null)
{
    public const string DownloadFolder = ".download";
    public const string ReceiptFile = ".fetched.json";

    public async Task<FetchResult> FetchAsync(ModelManifest manifest, string name, string modelsRoot, FetchOptions options, CancellationToken cancellationToken)
    {
        var model = manifest.Find(name);
        var folder = Path.GetFullPath(Path.Combine(modelsRoot, model.Name));
        var unpinned = model.Files.Where(f => f.Sha256 is null).ToList();
        if (unpinned.Count > 0 && !options.AllowUnpinned)
        {
            throw new FetchException(
                $"No published SHA-256 for {string.Join(", ", unpinned.Select(f => f.FileName))} ({unpinned[0].ChecksumNote ?? "none in the manifest"}). " +
                "Run again with --allow-unpinned to accept the download as it comes; its SHA-256 is then printed so it can be pinned in models/manifest.json.");
        }

        if (options.IfMissing && AlreadyFetched(model, folder) is { } done)
        {
            log.WriteLine($"{model.Name} is already fetched into {folder}.");
            return done;
        }

        var downloads = Directory.CreateDirectory(Path.Combine(folder, DownloadFolder)).FullName;
        try
        {
            return await FetchFilesAsync(model, folder, downloads, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Keep .part files for resuming, but leave no empty folders behind a failed or finished fetch.
            if (Directory.Exists(downloads) && !Directory.EnumerateFileSystemEntries(downloads).Any()) Directory.Delete(downloads);
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
    }

    private async Task<FetchResult> FetchFilesAsync(ModelEntry model, string folder, string downloads, CancellationToken cancellationToken)
    {
        var fetched = new List<FetchedFile>();
        foreach (var file in model.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fileName = file.FileName;
            if (!ModelEntry.IsSafeFolderName(fileName)) throw new FetchException($"'{file.Url}' does not end in a usable file name.");
            var part = Path.Combine(downloads, fileName + ".part");

            log.WriteLine($"Fetching {file.Url}");
            await ResumableDownload.DownloadAsync(http, new Uri(file.Url), part, progress, cancellationToken).ConfigureAwait(false);

            var length = new FileInfo(part).Length;
            if (file.Size is { } size && length != size)
            {
                File.Delete(part);
                throw new FetchException($"{fileName} is {length} bytes but the manifest says {size}; the download was deleted, run again to retry.");
            }

            var sum = await Sha256Async(part, cancellationToken).ConfigureAwait(false);
            if (file.Sha256 is { } expected)
            {
                if (!string.Equals(sum, expected, StringComparison.OrdinalIgnoreCase))
                {
                    File.Delete(part);
                    throw new FetchException($"Checksum mismatch for {fileName}: expected SHA-256 {expected.ToLowerInvariant()}, got {sum}. The download was deleted; run again to retry.");
                }

                log.WriteLine($"  SHA-256 verified: {sum}");
            }
            else
            {
                log.WriteLine($"  WARNING: not verified (no published checksum). SHA-256 {sum}; pin it with \"sha256\": \"{sum}\" in models/manifest.json.");
            }

            if (file.Unpack)
            {
                if (!ArchiveUnpacker.IsArchive(fileName)) throw new FetchException($"{fileName} is marked \"unpack\" but is not a .tar.bz2/.tar.gz/.tar/.zip archive.");
                // The archive kind comes from its name, so it loses the .part suffix once verified.
                var archive = Path.Combine(downloads, fileName);
                File.Move(part, archive, overwrite: true);
                int count;
                try
                {
                    count = ArchiveUnpacker.Unpack(archive, folder, file.StripComponents, cancellationToken);
                }
                finally
                {
                    File.Delete(archive);
                }

                log.WriteLine($"  Unpacked {count} files into {folder}");
            }
            else
            {
                var target = Path.GetFullPath(Path.Combine(folder, file.SaveAs!));
                if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new FetchException($"saveAs '{file.SaveAs}' would be outside {folder}.");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(part, target, overwrite: true);
                log.WriteLine($"  Saved {target}");
            }

            fetched.Add(new FetchedFile(file.Url, sum, file.Sha256 is not null));
        }

        // A publisher that re-packs an archive under the same name shows up here rather than as a load failure later.
        foreach (var expected in model.Contents ?? [])
        {
            var path = Path.Combine(folder, expected.TrimEnd('/'));
            if (expected.EndsWith('/') ? !Directory.Exists(path) : !File.Exists(path))
                log.WriteLine($"  Warning: the manifest says {model.Name} holds {expected}, but the download has no such {(expected.EndsWith('/') ? "folder" : "file")}.");
        }

        var receipt = new { model = model.Name, model.Family, model.Source, fetchedAt = DateTimeOffset.UtcNow, files = fetched };
        await File.WriteAllTextAsync(Path.Combine(folder, ReceiptFile), JsonSerializer.Serialize(receipt, new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        return new FetchResult(folder, fetched);
    }

    /// <summary>The receipt of a finished fetch of exactly these URLs, or null (never fetched, interrupted, or the manifest changed).</summary>
    private static FetchResult? AlreadyFetched(ModelEntry model, string folder)
    {
        var receiptPath = Path.Combine(folder, ReceiptFile);
        if (!File.Exists(receiptPath)) return null;
        try
        {
            using var receipt = JsonDocument.Parse(File.ReadAllText(receiptPath));
            var files = receipt.RootElement.GetProperty("files").EnumerateArray()
                .Select(f => new FetchedFile(f.GetProperty("Url").GetString()!, f.GetProperty("Sha256").GetString()!, f.GetProperty("Pinned").GetBoolean()))
                .ToList();
            var sameUrls = files.Select(f => f.Url).Order(StringComparer.Ordinal).SequenceEqual(model.Files.Select(f => f.Url).Order(StringComparer.Ordinal));
            var samePins = model.Files.All(m => m.Sha256 is null || files.Any(f => f.Url == m.Url && string.Equals(f.Sha256, m.Sha256, StringComparison.OrdinalIgnoreCase)));
            return sameUrls && samePins ? new FetchResult(folder, files) : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
    }
}
