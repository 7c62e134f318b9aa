using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Uploaded job audio in a folder all replicas share. Files are written under a temporary name and renamed,
/// so a reader never sees half a file; the folder is bounded by <see cref="JobOptions.MaxStoredBytes"/>.
/// </summary>
public sealed class JobAudioStore
{
    private const string AudioExtension = ".audio";
    private const string PartialExtension = ".partial";
    private readonly JobOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<JobAudioStore> _logger;
    private readonly SemaphoreSlim _admission = new(1, 1);

    public JobAudioStore(IOptions<JobOptions> options, TimeProvider timeProvider, ILogger<JobAudioStore> logger)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        Directory.CreateDirectory(_options.StoragePath);
    }

    public string PathOf(string id) => Path.Combine(_options.StoragePath, SafeId(id) + AudioExtension);

    public bool Exists(string id) => File.Exists(PathOf(id));

    /// <summary>Stores a job's audio, evicting finished jobs' recordings (oldest first) when the folder would overflow.</summary>
    public async Task SaveAsync(string id, Stream content, long length, Func<string, Task<bool>> isFinished, CancellationToken cancellationToken)
    {
        await _admission.WaitAsync(cancellationToken);
        try
        {
            await MakeRoomAsync(length, isFinished);
            var partial = Path.Combine(_options.StoragePath, SafeId(id) + PartialExtension);
            try
            {
                await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
                {
                    await content.CopyToAsync(file, cancellationToken);
                }
                File.Move(partial, PathOf(id), overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
        }
        finally
        {
            _admission.Release();
        }
    }

    public Stream? OpenRead(string id)
    {
        try
        {
            return new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Restarts the retention clock when a job ends: recordings are kept for playback from then on.</summary>
    public void MarkFinished(string id)
    {
        try
        {
            File.SetLastWriteTimeUtc(PathOf(id), _timeProvider.GetUtcNow().UtcDateTime);
        }
        catch (FileNotFoundException)
        {
        }
    }

    public void Delete(string id) => File.Delete(PathOf(id));

    /// <summary>Removes recordings of finished jobs past their retention, and partial writes a crash left behind.</summary>
    public async Task<int> SweepAsync(Func<string, Task<bool>> isFinished, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var removed = 0;
        foreach (var file in new DirectoryInfo(_options.StoragePath).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expired = file.Extension switch
            {
                PartialExtension => now - file.LastWriteTimeUtc > TimeSpan.FromHours(1),
                AudioExtension => now - file.LastWriteTimeUtc > _options.RecordingRetention
                                  && await isFinished(Path.GetFileNameWithoutExtension(file.Name)),
                _ => false,
            };
            if (expired)
            {
                file.Delete();
                removed++;
            }
        }
        return removed;
    }

    private async Task MakeRoomAsync(long needed, Func<string, Task<bool>> isFinished)
    {
        if (needed > _options.MaxStoredBytes)
        {
            throw AsrException.TooLarge("file_too_large", $"The upload ({needed} bytes) exceeds the job storage limit of {_options.MaxStoredBytes} bytes.");
        }
        var files = new DirectoryInfo(_options.StoragePath).EnumerateFiles("*" + AudioExtension).OrderBy(f => f.LastWriteTimeUtc).ToList();
        var used = files.Sum(f => f.Length);
        foreach (var file in files)
        {
            if (used + needed <= _options.MaxStoredBytes)
            {
                return;
            }
            if (await isFinished(Path.GetFileNameWithoutExtension(file.Name)))
            {
                _logger.LogInformation("Evicting the recording {File} of a finished job to make room for a new upload", file.Name);
                used -= file.Length;
                file.Delete();
            }
        }
        if (used + needed > _options.MaxStoredBytes)
        {
            throw AsrException.Unavailable("storage_full",
                $"Job storage is full ({used} of {_options.MaxStoredBytes} bytes held by unfinished jobs); retry when some have finished.",
                TimeSpan.FromSeconds(60));
        }
    }

    // Ids are generated by the service, but they also arrive in URLs: never let one name a path outside the folder.
    private static string SafeId(string id) =>
        id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit)
            ? id
            : throw AsrException.NotFound("recording_not_found", $"No recording '{id}'.");
}
