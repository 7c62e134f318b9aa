using System.Text.Json;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Speakers;

/// <summary>A named voice as clients see it: never its embeddings.</summary>
public sealed record NamedVoice(string Id, string Name, int Samples, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A voice a speaker may be named after: its name and its samples (unit vectors of one embedding model).</summary>
public sealed record KnownVoice(string Name, IReadOnlyList<float[]> Samples, string? VoiceId = null);

/// <summary>
/// A tenant's named voices in Redis (hash <c>asr:voices:{tenant}</c>, one JSON record per voice): a content user names a
/// speaker and its voiceprint becomes a sample of that name, so the next recording of the same voice is labelled by
/// it. Naming an existing name adds a sample (the newest <see cref="DiarizationOptions.MaxSamplesPerVoice"/> are kept).
/// Deleting a voice removes its embeddings at once; nothing else keeps them (docs/diarization.md, privacy).
/// </summary>
public sealed class VoiceLibrary(RedisConnection redis, IOptions<DiarizationOptions> options, TimeProvider time, ILogger<VoiceLibrary> logger)
{
    public const int MaxNameLength = 100;
    private const int MaxRetries = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisKey Key(string tenant) => $"asr:voices:{tenant}";

    private IDatabase Database => redis.TryGetDatabase() ?? throw AsrException.Unavailable("voices_unavailable",
        "Named voices are kept in Redis, which is unavailable right now; retry later.", TimeSpan.FromSeconds(30));

    public async Task<IReadOnlyList<NamedVoice>> ListAsync(string tenant) =>
        [.. (await ReadAsync(Database, tenant)).Select(v => v.View).OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase)];

    /// <summary>
    /// The tenant's voices of one embedding model, for matching; empty when Redis is unavailable (speakers then keep
    /// their letters rather than the request failing).
    /// </summary>
    public async Task<IReadOnlyList<KnownVoice>> CandidatesAsync(string tenant, string modelKey)
    {
        if (redis.TryGetDatabase() is not { } database)
        {
            return [];
        }

        try
        {
            var voices = await ReadAsync(database, tenant);
            redis.ReportSuccess();
            return [.. voices
                .Select(v => new KnownVoice(v.Name, [.. v.Samples.Where(s => s.Model == modelKey).Select(s => VoiceVectors.Decode(s.Vector)).OfType<float[]>()], v.Id))
                .Where(v => v.Samples.Count > 0)];
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure(ex);
            return [];
        }
    }

    /// <summary>Adds <paramref name="embedding"/> as a sample of the voice called <paramref name="name"/>, creating it when new.</summary>
    public async Task<NamedVoice> AddAsync(string tenant, string name, float[] embedding, string modelKey, string? actor)
    {
        name = CheckName(name);
        var database = Database;
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var all = await database.HashGetAllAsync(Key(tenant));
            var voices = all.Select(e => (Field: (string)e.Name!, Raw: (string)e.Value!, Voice: Parse(e.Value))).ToList();
            var existing = voices.FirstOrDefault(v => v.Voice is not null && string.Equals(v.Voice.Name, name, StringComparison.CurrentCultureIgnoreCase));
            var now = time.GetUtcNow();
            StoredVoice voice;
            if (existing.Voice is { } found)
            {
                var samples = found.Samples.Append(new StoredSample(modelKey, VoiceVectors.Encode(embedding), now)).ToList();
                voice = found with { Samples = [.. samples.Skip(Math.Max(0, samples.Count - settings.MaxSamplesPerVoice))], UpdatedAt = now };
            }
            else
            {
                if (voices.Count >= settings.MaxVoicesPerTenant)
                {
                    throw AsrException.Conflict("too_many_voices",
                        $"This library already holds {settings.MaxVoicesPerTenant} named voices ({DiarizationOptions.Section}:MaxVoicesPerTenant); delete some first.");
                }

                voice = new StoredVoice("voice_" + Guid.NewGuid().ToString("N")[..16], name, [new StoredSample(modelKey, VoiceVectors.Encode(embedding), now)], actor, now, now);
            }

            var transaction = database.CreateTransaction();
            transaction.AddCondition(existing.Voice is null
                ? Condition.HashLengthEqual(Key(tenant), voices.Count)
                : Condition.HashEqual(Key(tenant), existing.Field, existing.Raw));
            _ = transaction.HashSetAsync(Key(tenant), voice.Id, JsonSerializer.Serialize(voice, Json));
            if (await transaction.ExecuteAsync())
            {
                logger.LogInformation("Voice {VoiceId} '{Name}' of tenant {Tenant} now has {Samples} samples", voice.Id, voice.Name, tenant, voice.Samples.Count);
                return voice.View;
            }

            if (attempt >= MaxRetries)
            {
                throw AsrException.Unavailable("voices_busy", "The voice library changed while saving, several times; retry.", TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>Deletes a voice and its samples; false when the tenant has no such voice.</summary>
    public async Task<bool> DeleteAsync(string tenant, string id)
    {
        var deleted = await Database.HashDeleteAsync(Key(tenant), id);
        if (deleted)
        {
            logger.LogInformation("Voice {VoiceId} of tenant {Tenant} deleted", id, tenant);
        }

        return deleted;
    }

    public static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw AsrException.Invalid("invalid_name", $"A voice's name must be 1 to {MaxNameLength} characters without control characters.", "name");
        }

        return trimmed;
    }

    private static async Task<List<StoredVoice>> ReadAsync(IDatabase database, string tenant) =>
        [.. (await database.HashValuesAsync(Key(tenant))).Select(Parse).OfType<StoredVoice>()];

    private static StoredVoice? Parse(RedisValue value)
    {
        try
        {
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StoredVoice>((string)value!, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record StoredSample(string Model, string Vector, DateTimeOffset At);

    private sealed record StoredVoice(string Id, string Name, IReadOnlyList<StoredSample> Samples, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public NamedVoice View => new(Id, Name, Samples.Count, CreatedBy, CreatedAt, UpdatedAt);
    }
}
