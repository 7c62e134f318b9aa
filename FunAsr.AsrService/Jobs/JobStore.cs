using System.Globalization;
using System.Text.Json;
using FunAsr.AsrService.Access;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Transcription;
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

/// <summary>Job state in the Redis hash <c>asr:job:{id}</c>; every replica reads and writes the same record.</summary>
public sealed class JobStore(RedisConnection redis, IOptions<JobOptions> options, TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisKey Key(string id) => $"asr:job:{id}";

    /// <summary>The database, or <see cref="AsrFailure.Unavailable"/> the client may retry: jobs cannot exist without Redis.</summary>
    public IDatabase Database => redis.TryGetDatabase() ?? throw AsrException.Unavailable("jobs_unavailable",
        "Jobs need Redis, which is unavailable right now; synchronous transcription (/api/asr/transcriptions) still works.",
        TimeSpan.FromSeconds(30));

    public async Task CreateAsync(JobSpec spec)
    {
        var now = Now();
        await Database.HashSetAsync(Key(spec.Id),
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
        ]);
    }

    public async Task<JobSpec?> GetSpecAsync(string id)
    {
        var values = await Database.HashGetAsync(Key(id), ["title", "fileName", "contentType", "settings", "account", .. OwnershipFieldNames]);
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
        _ = transaction.KeyExpireAsync(Key(id), options.Value.JobRetention);
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

    public async Task<string?> GetStatusAsync(string id)
    {
        return await Database.HashGetAsync(Key(id), "status");
    }

    /// <summary>Marks the job running on <paramref name="worker"/> and returns how many times it has been started.</summary>
    public async Task<long> StartAsync(string id, string worker)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.HashNotEqual(Key(id), "status", JobStatus.Cancelled));
        var attempts = transaction.HashIncrementAsync(Key(id), "attempts");
        _ = transaction.HashSetAsync(Key(id), [new("status", JobStatus.Running), new("worker", worker), new("done", 0),
            new("partialText", string.Empty), new("updatedAt", Now())]);
        return await transaction.ExecuteAsync() ? await attempts : -1;
    }

    public async Task ReportProgressAsync(string id, int done, int total, string partialText)
    {
        await Database.HashSetAsync(Key(id), [new("done", done), new("total", total), new("partialText", partialText), new("updatedAt", Now())]);
    }

    /// <summary>Moves a job to a final state unless it was cancelled meanwhile; the record then expires after the retention time.</summary>
    public async Task<bool> FinishAsync(string id, string status, Transcript? result, string? error)
    {
        var transaction = Database.CreateTransaction();
        if (status != JobStatus.Cancelled)
        {
            transaction.AddCondition(Condition.HashNotEqual(Key(id), "status", JobStatus.Cancelled));
        }
        var fields = new List<HashEntry> { new("status", status), new("updatedAt", Now()) };
        if (result is not null)
        {
            fields.Add(new("result", JsonSerializer.Serialize(result, Json)));
        }
        if (error is not null)
        {
            fields.Add(new("error", error));
        }
        _ = transaction.HashSetAsync(Key(id), [.. fields]);
        _ = transaction.KeyExpireAsync(Key(id), options.Value.JobRetention);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Cancels a job that has not finished. Returns whether this call cancelled it and the status it is now in (null: no such job).</summary>
    public async Task<(bool Cancelled, string? Status)> CancelAsync(string id)
    {
        var status = await GetStatusAsync(id);
        if (status is null || JobStatus.IsFinal(status))
        {
            return (false, status);
        }
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(Key(id), "status", status));
        _ = transaction.HashSetAsync(Key(id), [new("status", JobStatus.Cancelled), new("error", "cancelled by the client"), new("updatedAt", Now())]);
        _ = transaction.KeyExpireAsync(Key(id), options.Value.JobRetention);
        return await transaction.ExecuteAsync() ? (true, JobStatus.Cancelled) : (false, await GetStatusAsync(id));
    }

    public async Task MarkQueuedAgainAsync(string id)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(Key(id), "status", JobStatus.Running));
        _ = transaction.HashSetAsync(Key(id), [new("status", JobStatus.Queued), new("updatedAt", Now())]);
        await transaction.ExecuteAsync();
    }

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
