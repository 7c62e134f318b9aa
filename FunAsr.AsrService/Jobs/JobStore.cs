using System.Globalization;
using System.Text.Json;
using FunAsr.AsrService.Access;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Transcription;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>What a queued job needs to run, kept in its Redis hash so any replica can pick it up.</summary>
public sealed record JobSpec(string Id, string? Title, string FileName, string? ContentType, TranscriptionSettings Settings)
{
    /// <summary>Who submitted it and whom it (and the lecture it publishes) is shared with.</summary>
    public Ownership Ownership { get; init; } = Ownership.Shared;

    /// <summary>Where its audio and its job slot are counted; null for jobs submitted before accounts existed.</summary>
    public AudioAccount? Account { get; init; }
}

/// <summary>How a worker's write to its job came out.</summary>
public enum JobWrite
{
    Done,
    /// <summary>Another worker started the job again, or it was re-queued: this worker's attempt is over.</summary>
    Superseded,
    /// <summary>The job was cancelled (or ended otherwise) meanwhile.</summary>
    Ended,
    /// <summary>The record no longer exists.</summary>
    Gone,
}

/// <summary>
/// Job state in the Redis hash <c>asr:job:{id}</c>; every replica reads and writes the same record. Unfinished jobs are
/// also listed in <see cref="ActiveKey"/> (id → created), which the sweeper walks to find jobs whose stream entry was
/// lost. Every state change is one script (<see cref="JobScripts"/>); a worker's writes carry its attempt number.
/// The API reaches Redis through <see cref="Database"/> (503 while it is down); workers pass the database they consume with.
/// </summary>
public sealed class JobStore(RedisConnection redis, IOptions<JobOptions> options, IOptionsMonitor<SpeechComplianceOptions> compliance,
    TimeProvider timeProvider)
{
    /// <summary>Unfinished jobs: a sorted set of ids scored by creation time (ms).</summary>
    public const string ActiveKey = "asr:jobs:active";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisKey Key(string id) => $"asr:job:{id}";

    private JobOptions Options => options.Value;

    private long RetentionSeconds => (long)Math.Ceiling(Options.JobRetention.TotalSeconds);

    /// <summary>The database, or <see cref="AsrFailure.Unavailable"/> the client may retry: jobs cannot exist without Redis.</summary>
    public IDatabase Database => redis.TryGetDatabase() ?? throw AsrException.Unavailable("jobs_unavailable",
        "Jobs need Redis, which is unavailable right now; synchronous transcription (/api/asr/transcriptions) still works.",
        TimeSpan.FromSeconds(30));

    /// <summary>
    /// Creates the job's record, lists it as active and puts it on the job stream, in one step: a job exists exactly when
    /// it is queued. The request's trace context travels in the entry.
    /// </summary>
    public async Task SubmitAsync(JobSpec spec)
    {
        var now = Now();
        HashEntry[] record =
        [
            new("id", spec.Id),
            new("title", spec.Title ?? string.Empty),
            new("status", JobStatus.Queued),
            new("done", 0),
            new("total", 0),
            new("fileName", spec.FileName),
            new("contentType", spec.ContentType ?? string.Empty),
            new("settings", JsonSerializer.Serialize(spec.Settings, Json)),
            new("createdAt", now),
            new("updatedAt", now),
            new("attempts", 0),
            .. OwnershipFields(spec.Ownership),
            new("account", spec.Account is null ? string.Empty : JsonSerializer.Serialize(spec.Account, Json)),
        ];
        var entry = StreamTelemetry.WithTraceContext(new NameValueEntry(JobQueue.JobIdField, spec.Id));
        await Database.ScriptEvaluateAsync(JobScripts.Submit, [Key(spec.Id), ActiveKey, Options.StreamName],
            [spec.Id, now, entry.Length, .. Flatten(entry), .. record.SelectMany(f => new[] { (RedisValue)f.Name, f.Value })]);
    }

    public Task<JobSpec?> GetSpecAsync(string id) => GetSpecAsync(Database, id);

    public async Task<JobSpec?> GetSpecAsync(IDatabase database, string id)
    {
        var values = await database.HashGetAsync(Key(id), ["title", "fileName", "contentType", "settings", "account", .. OwnershipFieldNames]);
        if (values[3].IsNullOrEmpty)
        {
            return null;
        }
        return new JobSpec(id, NullIfEmpty(values[0]), (string?)values[1] ?? "audio", NullIfEmpty(values[2]),
            JsonSerializer.Deserialize<TranscriptionSettings>((string)values[3]!, Json)!)
        {
            Account = values[4].IsNullOrEmpty ? null : JsonSerializer.Deserialize<AudioAccount>((string)values[4]!, Json),
            Ownership = ReadOwnership(values.AsSpan(5)),
        };
    }

    /// <summary>Whose a job or kept recording is and whom it is shared with; null when there is no such record.</summary>
    public async Task<Ownership?> GetOwnershipAsync(string id)
    {
        var values = await Database.HashGetAsync(Key(id), ["id", .. OwnershipFieldNames]);
        return values[0].IsNullOrEmpty ? null : ReadOwnership(values.AsSpan(1));
    }

    /// <summary>Records a kept recording that belongs to no job (finished from the start), so playback knows its type and name.</summary>
    public async Task CreateRecordingAsync(string id, string fileName, string? contentType, Ownership ownership)
    {
        var now = Now();
        var transaction = Database.CreateTransaction();
        _ = transaction.HashSetAsync(Key(id),
        [
            new("id", id),
            new("status", JobStatus.Completed),
            new("fileName", fileName),
            new("contentType", contentType ?? string.Empty),
            new("createdAt", now),
            new("updatedAt", now),
            .. OwnershipFields(ownership),
        ]);
        _ = transaction.KeyExpireAsync(Key(id), Options.JobRetention);
        await transaction.ExecuteAsync();
    }

    /// <summary>The file name and content type an upload came with, for playback and re-transcription.</summary>
    public async Task<(string FileName, string? ContentType)?> GetMediaAsync(string id)
    {
        var values = await Database.HashGetAsync(Key(id), ["fileName", "contentType"]);
        return values[0].IsNullOrEmpty ? null : ((string)values[0]!, NullIfEmpty(values[1]));
    }

    public async Task<JobView?> GetAsync(string id)
    {
        var entries = await Database.HashGetAllAsync(Key(id));
        if (entries.Length == 0)
        {
            return null;
        }
        var fields = entries.ToDictionary(e => (string)e.Name!, e => (string?)e.Value);
        return new JobView(
            id,
            NullIfEmpty(fields.GetValueOrDefault("title")),
            fields.GetValueOrDefault("status") ?? JobStatus.Queued,
            new JobProgress(Int(fields, "done"), Int(fields, "total")),
            NullIfEmpty(fields.GetValueOrDefault("partialText")),
            fields.GetValueOrDefault("result") is { Length: > 0 } result ? JsonSerializer.Deserialize<Transcript>(result, Json) : null,
            NullIfEmpty(fields.GetValueOrDefault("error")),
            Time(fields, "createdAt"),
            Time(fields, "updatedAt"))
        {
            Owner = NullIfEmpty(fields.GetValueOrDefault("owner")),
            OwnerName = NullIfEmpty(fields.GetValueOrDefault("ownerName")),
            Visibility = Visibility.Parse(fields.GetValueOrDefault("visibility")) ?? Visibility.Private,
            Department = NullIfEmpty(fields.GetValueOrDefault("department")),
        };
    }

    public Task<string?> GetStatusAsync(string id) => GetStatusAsync(Database, id);

    public async Task<string?> GetStatusAsync(IDatabase database, string id) => await database.HashGetAsync(Key(id), "status");

    /// <summary>
    /// Marks the job running on <paramref name="worker"/> for the stream entry <paramref name="entryId"/> and returns its
    /// attempt number (how many times it has been started, the fence for this worker's writes); -1 when it already ended,
    /// -2 when it does not exist, -3 when the entry is not the job's current one (a stale duplicate).
    /// </summary>
    public async Task<long> StartAsync(IDatabase database, string id, string worker, string entryId) =>
        (long)await database.ScriptEvaluateAsync(JobScripts.Start, [Key(id)], [worker, Now(), entryId]);

    public async Task<JobWrite> ReportProgressAsync(IDatabase database, string id, long attempt, int done, int total, string partialText) =>
        Outcome((long)await database.ScriptEvaluateAsync(JobScripts.Progress, [Key(id)], [attempt, done, total, partialText, Now()]));

    /// <summary>
    /// Completes the job with its transcript and publishes the transcript to the <c>transcripts</c> stream in the same
    /// step, so a finished job is published exactly once: never completed without its entry, never published twice. A
    /// redacted job's <paramref name="redaction"/> goes on <see cref="ComplianceChannels.RedactionsStream"/> in that step
    /// too, so the audit trail holds every completed redacted job, once. Throws <see cref="RedisServerException"/>
    /// (nothing written) when either stream's key holds something other than a stream.
    /// </summary>
    public async Task<JobWrite> CompleteAsync(IDatabase database, string id, long attempt, Transcript result, IReadOnlyList<NameValueEntry> entryFields,
        RedactionRecord? redaction)
    {
        var redactionFields = redaction is null ? [] : RedactionEntry.Fields(redaction);
        return Outcome((long)await database.ScriptEvaluateAsync(JobScripts.Complete,
            [Key(id), ActiveKey, Options.TranscriptsStream, ComplianceChannels.RedactionsStream],
            [id, attempt, Now(), RetentionSeconds, Options.TranscriptsStreamMaxLength, JsonSerializer.Serialize(result, Json),
                compliance.CurrentValue.MaxStreamLength, redactionFields.Length, .. Flatten(redactionFields), .. Flatten(entryFields)]));
    }

    /// <summary>Fails the job; with an attempt, only while that attempt is the job's current one.</summary>
    public async Task<JobWrite> FailAsync(IDatabase database, string id, long? attempt, string error) =>
        Outcome((long)await database.ScriptEvaluateAsync(JobScripts.Fail, [Key(id), ActiveKey],
            [id, attempt?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Now(), RetentionSeconds, error]));

    /// <summary>Cancels a job that has not finished. Returns whether this call cancelled it and the status it is now in (null: no such job).</summary>
    public async Task<(bool Cancelled, string? Status)> CancelAsync(string id)
    {
        var result = await Database.ScriptEvaluateAsync(JobScripts.Cancel, [Key(id), ActiveKey], [id, Now(), RetentionSeconds]);
        if (result.IsNull)
        {
            return (false, null);
        }
        var values = (RedisResult[])result!;
        return ((long)values[0] == 1, (string?)values[1]);
    }

    /// <summary>A worker that stops gracefully hands its job back (queued again), unless another attempt has begun.</summary>
    public async Task RequeueAsync(IDatabase database, string id, long attempt) =>
        await database.ScriptEvaluateAsync(JobScripts.Requeue, [Key(id)], [attempt, Now()]);

    /// <summary>The unfinished jobs (ids and creation times), oldest first, a page at a time.</summary>
    public async Task<IReadOnlyList<string>> ListActiveAsync(IDatabase database, int skip, int take) =>
        [.. (await database.SortedSetRangeByRankAsync(ActiveKey, skip, skip + take - 1)).Select(v => (string)v!)];

    /// <summary>What the sweeper needs to judge an active job: status, current stream entry, last change (null: no record).</summary>
    public async Task<(string Status, string? Entry, DateTimeOffset UpdatedAt)?> GetQueueStateAsync(IDatabase database, string id)
    {
        var values = await database.HashGetAsync(Key(id), ["status", "entry", "updatedAt"]);
        if (values[0].IsNullOrEmpty)
        {
            return null;
        }
        var updated = long.TryParse((string?)values[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
        return ((string)values[0]!, NullIfEmpty(values[1]), DateTimeOffset.FromUnixTimeMilliseconds(updated));
    }

    /// <summary>Drops an id whose record is gone from the active set.</summary>
    public async Task ForgetAsync(IDatabase database, string id) => await database.SortedSetRemoveAsync(ActiveKey, id);

    /// <summary>Puts an unfinished job whose entry <paramref name="missingEntry"/> is gone back on the stream (queued); null when it no longer needs it.</summary>
    public async Task<string?> RequeueOrphanAsync(IDatabase database, string id, string? missingEntry)
    {
        var entry = new NameValueEntry[] { new(JobQueue.JobIdField, id) };
        var result = await database.ScriptEvaluateAsync(JobScripts.RequeueOrphan, [Key(id), Options.StreamName, ActiveKey],
            [id, missingEntry ?? string.Empty, Now(), .. Flatten(entry)]);
        return result.IsNull ? null : (string?)result;
    }

    private static JobWrite Outcome(long code) => code switch
    {
        1 => JobWrite.Done,
        0 => JobWrite.Superseded,
        -1 => JobWrite.Ended,
        _ => JobWrite.Gone,
    };

    private static IEnumerable<RedisValue> Flatten(IEnumerable<NameValueEntry> fields) => fields.SelectMany(f => new[] { f.Name, f.Value });

    private static readonly RedisValue[] OwnershipFieldNames = ["owner", "ownerName", "visibility", "department"];

    private static HashEntry[] OwnershipFields(Ownership ownership) =>
    [
        new("owner", ownership.Owner ?? string.Empty),
        new("ownerName", ownership.OwnerName ?? string.Empty),
        new("visibility", ownership.Visibility),
        new("department", ownership.Department ?? string.Empty),
    ];

    // Records written before owners existed have no visibility field: they were shared with everyone, and stay so.
    private static Ownership ReadOwnership(ReadOnlySpan<RedisValue> values) => new(
        NullIfEmpty(values[0]), NullIfEmpty(values[1]),
        values[2].IsNullOrEmpty ? Visibility.Everyone : Visibility.Parse(values[2]) ?? Visibility.Private,
        NullIfEmpty(values[3]));

    private long Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static string? NullIfEmpty(RedisValue value) => value.IsNullOrEmpty ? null : (string?)value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int Int(Dictionary<string, string?> fields, string name) =>
        int.TryParse(fields.GetValueOrDefault(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static DateTimeOffset Time(Dictionary<string, string?> fields, string name) =>
        long.TryParse(fields.GetValueOrDefault(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;
}
