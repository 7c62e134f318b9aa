using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Finished transcripts waiting to be completed and published, one file per job beside its audio in the folder all
/// replicas share. A worker writes the transcript here before it completes the job in Redis, and deletes it after; a
/// worker that finds one (its predecessor died, or Redis refused the completion, after the recognition was done)
/// completes the job from it without recognising the audio again. So nothing recognised is lost to a crash or an outage
/// between finishing and publishing, and the completion itself stays one step (<see cref="JobStore.CompleteAsync"/>).
/// </summary>
public sealed class JobResultOutbox(IOptions<JobOptions> options, ILogger<JobResultOutbox> logger)
{
    public const string Extension = ".result";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string PathOf(string id) => Path.Combine(options.Value.StoragePath, JobAudioStore.SafeId(id) + Extension);

    public async Task WriteAsync(string id, RecognizedJob recognized, CancellationToken cancellationToken)
    {
        var path = PathOf(id);
        var partial = path + ".partial";
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(file, recognized, Json, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>The transcript a worker finished for this job and could not publish, or null.</summary>
    public async Task<RecognizedJob?> TryReadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
            return await JsonSerializer.DeserializeAsync<RecognizedJob>(file, Json, cancellationToken) is { Result: not null } recognized
                ? recognized
                : throw new JsonException("It holds no transcript.");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException ex)
        {
            // Written under a temporary name and renamed, so this is damage from outside: recognise again.
            logger.LogWarning("The stored result of job {JobId} is unreadable ({Reason}); the job is recognised again", id, ex.Message);
            Delete(id);
            return null;
        }
    }

    public bool Exists(string id) => File.Exists(PathOf(id));

    public void Delete(string id) => File.Delete(PathOf(id));
}
