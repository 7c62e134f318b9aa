using System.Diagnostics;
using System.Text.Json;
using FunAsr.QaBot.Compliance;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Lectures;
using FunAsr.Security.Authorization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.QaBot.Storage;

/// <summary>
/// Lectures, audits, alerts and cached notes in Redis (keys under <c>qa:*</c>). Redis is the source of truth:
/// each replica's search index is rebuilt from here and told about changes on <see cref="ChangesChannel"/>. Every write
/// keeps <see cref="LectureOwnershipIndex"/> (who owns each lecture, whom it is shared with) in the same transaction.
/// </summary>
public sealed class LectureStore(IConnectionMultiplexer redis, IOptions<QaBotOptions> options)
{
    public const string LecturesKey = "qa:lectures";
    public const string HashesKey = "qa:lecture-hashes";
    public const string VersionKey = "qa:lectures:version";

    /// <summary>Lecture id → its version (1 when created, +1 per saved edit): what concurrent edits are checked against.</summary>
    public const string RevisionsKey = "qa:lecture-revisions";

    /// <summary>Versions kept per lecture in its history (who, when, what); older ones are trimmed.</summary>
    public const int MaxHistory = 1000;
    public static readonly RedisChannel ChangesChannel = RedisChannel.Literal("qa:lectures:changed");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Db => redis.GetDatabase();
    private string AlertStream => options.Value.Compliance.AlertStream;

    public static string LectureKey(string id) => "qa:lecture:" + id;
    public static string AuditKey(string id) => "qa:audit:" + id;
    public static string NotesKey(string id) => "qa:notes:" + id;
    public static string HistoryKey(string id) => "qa:history:" + id;
    public static string EmbeddingsKey(string id) => "qa:embeddings:" + id;
    public static string ClearTextKey(string id) => "qa:clear:" + id;

    /// <summary>
    /// Stores the lecture, its audit and its alerts in one transaction that only runs when the stored content differs,
    /// so a re-delivered or re-posted lecture neither duplicates passages nor raises its alerts twice. A lecture someone
    /// has edited is never replaced this way (the ASR service re-publishing a job must not undo corrections): false.
    /// </summary>
    /// <param name="clear">A redacted transcript's clear text; without it, clear text kept for earlier content is removed.</param>
    public async Task<bool> TrySaveAsync(Lecture lecture, AuditReport audit, ClearText? clear = null)
    {
        var revision = await GetRevisionAsync(lecture.Id);
        if (revision > 1)
        {
            return false;
        }
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.HashNotEqual(HashesKey, lecture.Id, lecture.ContentHash));
        transaction.AddCondition(revision is null ? Condition.HashNotExists(RevisionsKey, lecture.Id) : Condition.HashEqual(RevisionsKey, lecture.Id, revision.Value));
        _ = transaction.HashSetAsync(RevisionsKey, lecture.Id, lecture.Version);
        _ = transaction.KeyDeleteAsync(HistoryKey(lecture.Id));
        _ = transaction.ListRightPushAsync(HistoryKey(lecture.Id), JsonSerializer.Serialize(new LectureVersion(lecture.Version,
            lecture.OwnerName ?? lecture.Owner ?? lecture.Source, lecture.CreatedAt, [new LectureChange("create", null, null, lecture.Source)]), Json));
        _ = transaction.StringSetAsync(LectureKey(lecture.Id), JsonSerializer.Serialize(lecture, Json));
        _ = transaction.HashSetAsync(LectureOwnershipIndex.Key, lecture.Id, LectureOwnershipIndex.Serialize(lecture.Access));
        _ = transaction.SortedSetAddAsync(LecturesKey, lecture.Id, lecture.CreatedAt.ToUnixTimeMilliseconds());
        _ = transaction.HashSetAsync(HashesKey, lecture.Id, lecture.ContentHash);
        _ = transaction.StringSetAsync(AuditKey(lecture.Id), JsonSerializer.Serialize(audit, Json));
        _ = clear is null
            ? transaction.KeyDeleteAsync(ClearTextKey(lecture.Id))
            : transaction.StringSetAsync(ClearTextKey(lecture.Id), JsonSerializer.Serialize(clear, Json));
        _ = transaction.KeyDeleteAsync(NotesKey(lecture.Id));
        _ = transaction.StringIncrementAsync(VersionKey);
        foreach (var alert in audit.Alerts)
        {
            _ = transaction.StreamAddAsync(AlertStream, AlertFields(alert), maxLength: options.Value.Compliance.AlertStreamMaxLength, useApproximateMaxLength: true);
        }
        var committed = await transaction.ExecuteAsync();
        Activity.Current?.SetTag("qabot.committed", committed);
        if (committed)
        {
            await PublishChangeAsync(lecture.Id);
        }
        return committed;
    }

    /// <summary>
    /// Stores an edited lecture as version <c>expectedVersion + 1</c> with its history entry, only if the stored lecture is
    /// still at <paramref name="expectedVersion"/> (false: someone saved first). Alerts the edit raised are published.
    /// </summary>
    public async Task<bool> TrySaveEditAsync(
        Lecture lecture, int expectedVersion, AuditReport audit, IReadOnlyList<ComplianceAlert> raised, LectureVersion version)
    {
        var revision = await GetRevisionAsync(lecture.Id);
        if ((revision ?? 1) != expectedVersion)
        {
            return false;
        }
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(LectureKey(lecture.Id)));
        transaction.AddCondition(revision is null ? Condition.HashNotExists(RevisionsKey, lecture.Id) : Condition.HashEqual(RevisionsKey, lecture.Id, expectedVersion));
        _ = transaction.StringSetAsync(LectureKey(lecture.Id), JsonSerializer.Serialize(lecture, Json));
        _ = transaction.HashSetAsync(LectureOwnershipIndex.Key, lecture.Id, LectureOwnershipIndex.Serialize(lecture.Access));
        _ = transaction.HashSetAsync(HashesKey, lecture.Id, lecture.ContentHash);
        _ = transaction.HashSetAsync(RevisionsKey, lecture.Id, lecture.Version);
        _ = transaction.StringSetAsync(AuditKey(lecture.Id), JsonSerializer.Serialize(audit, Json));
        _ = transaction.KeyDeleteAsync(NotesKey(lecture.Id));
        _ = transaction.ListRightPushAsync(HistoryKey(lecture.Id), JsonSerializer.Serialize(version, Json));
        _ = transaction.ListTrimAsync(HistoryKey(lecture.Id), -MaxHistory, -1);
        _ = transaction.StringIncrementAsync(VersionKey);
        foreach (var alert in raised)
        {
            _ = transaction.StreamAddAsync(AlertStream, AlertFields(alert), maxLength: options.Value.Compliance.AlertStreamMaxLength, useApproximateMaxLength: true);
        }
        var committed = await transaction.ExecuteAsync();
        if (committed)
        {
            await PublishChangeAsync(lecture.Id);
        }
        return committed;
    }

    /// <summary>The lecture's versions, oldest first: who saved each, when, and what changed.</summary>
    public async Task<IReadOnlyList<LectureVersion>> GetHistoryAsync(string id)
    {
        var entries = await Db.ListRangeAsync(HistoryKey(id));
        return entries.Where(e => !e.IsNullOrEmpty).Select(e => JsonSerializer.Deserialize<LectureVersion>(e.ToString(), Json)!).ToList();
    }

    private async Task<long?> GetRevisionAsync(string id)
    {
        var value = await Db.HashGetAsync(RevisionsKey, id);
        return value.IsNullOrEmpty ? null : (long)value;
    }

    public async Task<Lecture?> GetAsync(string id)
    {
        var value = await Db.StringGetAsync(LectureKey(id));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<Lecture>(value.ToString(), Json);
    }

    public async Task<IReadOnlyList<Lecture>> ListAsync()
    {
        var ids = await Db.SortedSetRangeByRankAsync(LecturesKey);
        if (ids.Length == 0)
        {
            return [];
        }
        var values = await Db.StringGetAsync(ids.Select(id => (RedisKey)LectureKey(id.ToString())).ToArray());
        return values.Where(v => !v.IsNullOrEmpty).Select(v => JsonSerializer.Deserialize<Lecture>(v.ToString(), Json)!).ToList();
    }

    /// <summary>
    /// Lecture id → whose it is and whom it is shared with, for every lecture: what the Q&amp;A filters retrieval by. Small
    /// entries read at once, not the lectures; a lecture stored before the index existed is added to it here.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Ownership>> GetOwnershipsAsync()
    {
        var entries = await Db.HashGetAllAsync(LectureOwnershipIndex.Key);
        var result = new Dictionary<string, Ownership>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (LectureOwnershipIndex.Deserialize(entry.Value) is { } ownership)
            {
                result[entry.Name.ToString()] = ownership;
            }
        }
        if (await Db.SortedSetLengthAsync(LecturesKey) > result.Count)
        {
            foreach (var id in await Db.SortedSetRangeByRankAsync(LecturesKey))
            {
                if (!result.ContainsKey(id.ToString()) && await GetAsync(id.ToString()) is { } lecture)
                {
                    result[lecture.Id] = lecture.Access;
                    await Db.HashSetAsync(LectureOwnershipIndex.Key, lecture.Id, LectureOwnershipIndex.Serialize(lecture.Access));
                }
            }
        }
        return result;
    }

    /// <summary>Lecture id → content hash: what a replica compares with its index to find what changed.</summary>
    public async Task<Dictionary<string, string>> GetContentHashesAsync()
    {
        var entries = await Db.HashGetAllAsync(HashesKey);
        return entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
    }

    public async Task<long> GetVersionAsync()
    {
        var value = await Db.StringGetAsync(VersionKey);
        return value.IsNullOrEmpty ? 0 : (long)value;
    }

    public async Task<bool> DeleteAsync(string id)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(LectureKey(id)));
        _ = transaction.KeyDeleteAsync([LectureKey(id), AuditKey(id), NotesKey(id), EmbeddingsKey(id), HistoryKey(id), ClearTextKey(id)]);
        _ = transaction.SortedSetRemoveAsync(LecturesKey, id);
        _ = transaction.HashDeleteAsync(HashesKey, id);
        _ = transaction.HashDeleteAsync(RevisionsKey, id);
        _ = transaction.HashDeleteAsync(LectureOwnershipIndex.Key, id);
        _ = transaction.StringIncrementAsync(VersionKey);
        var committed = await transaction.ExecuteAsync();
        if (committed)
        {
            await PublishChangeAsync(id);
        }
        return committed;
    }

    public async Task<ClearText?> GetClearTextAsync(string id) =>
        await Db.StringGetAsync(ClearTextKey(id)) is { IsNullOrEmpty: false } value ? JsonSerializer.Deserialize<ClearText>(value.ToString(), Json) : null;

    public async Task<AuditReport?> GetAuditAsync(string id)
    {
        var value = await Db.StringGetAsync(AuditKey(id));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<AuditReport>(value.ToString(), Json);
    }

    /// <summary>Newest alerts first, read back from the <c>alerts</c> stream; only those of <paramref name="readable"/> lectures when given.</summary>
    public async Task<IReadOnlyList<ComplianceAlert>> GetAlertsAsync(int count, string? lectureId, IReadOnlySet<string>? readable = null)
    {
        // Filtering by lecture happens after the read, so read further back when a filter is given.
        var filtered = lectureId is not null || readable is not null;
        var entries = await Db.StreamRangeAsync(AlertStream, "-", "+", filtered ? Math.Max(count * 20, 1000) : count, Order.Descending);
        return entries
            .Select(e => e["payload"])
            .Where(p => !p.IsNullOrEmpty)
            .Select(p => JsonSerializer.Deserialize<ComplianceAlert>(p.ToString(), Json)!)
            .Where(a => (lectureId is null || a.LectureId == lectureId) && (readable is null || readable.Contains(a.LectureId)))
            .Take(count)
            .ToList();
    }

    public async Task<string?> GetNotesAsync(string lectureId, string model)
    {
        var value = await Db.HashGetAsync(NotesKey(lectureId), model);
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    /// <summary>Caches notes only while the lecture still has the content they were built from.</summary>
    public async Task SetNotesAsync(string lectureId, string contentHash, string model, string json)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(HashesKey, lectureId, contentHash));
        _ = transaction.HashSetAsync(NotesKey(lectureId), model, json);
        await transaction.ExecuteAsync();
    }

    private async Task PublishChangeAsync(string id)
    {
        await redis.GetSubscriber().PublishAsync(ChangesChannel, id);
    }

    private static NameValueEntry[] AlertFields(ComplianceAlert alert) =>
    [
        new("lectureId", alert.LectureId),
        new("kind", alert.Kind),
        new("start", alert.Start),
        new("end", alert.End),
        new("excerpt", alert.Excerpt),
        new("payload", JsonSerializer.Serialize(alert, Json)),
    ];
}
