using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Caching;

/// <summary>
/// Transcripts keyed by the audio's SHA-256 plus everything that changes recognition (model, language, ITN, hotwords).
/// A Redis failure is a miss, never an error: the cache is an optimisation.
/// </summary>
public sealed class TranscriptCache(RedisConnection redis, IOptions<CacheOptions> options, AsrTelemetry telemetry)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<string> AudioHashAsync(Stream audio, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(audio, cancellationToken));

    public static string Key(string audioHash, TranscriptionSettings settings)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.CacheFingerprint)))[..16];
        return $"asr:cache:{audioHash}:{fingerprint}";
    }

    public async Task<Transcript?> TryGetAsync(string audioHash, TranscriptionSettings settings)
    {
        if (!options.Value.Enabled || redis.TryGetDatabase() is not { } database)
        {
            return null;
        }
        var key = Key(audioHash, settings);
        try
        {
            var value = await database.StringGetAsync(key);
            redis.ReportSuccess();
            Activity.Current?.SetTag("asr.cache.hit", value.HasValue);
            if (value.HasValue && JsonSerializer.Deserialize<Transcript>((string)value!, Json) is { } transcript)
            {
                telemetry.CacheHit();
                return transcript;
            }
            telemetry.CacheMiss();
            return null;
        }
        catch (RedisException ex)
        {
            redis.ReportFailure(ex);
            return null;
        }
    }

    public async Task SetAsync(string audioHash, TranscriptionSettings settings, Transcript transcript)
    {
        if (!options.Value.Enabled || redis.TryGetDatabase() is not { } database)
        {
            return;
        }
        var key = Key(audioHash, settings);
        try
        {
            await database.StringSetAsync(key, JsonSerializer.Serialize(transcript, Json), options.Value.TimeToLive);
            redis.ReportSuccess();
        }
        catch (RedisException ex)
        {
            redis.ReportFailure(ex);
        }
    }
}
