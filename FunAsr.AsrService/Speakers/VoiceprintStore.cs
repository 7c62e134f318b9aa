using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Diarization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Speakers;

/// <summary>
/// The voiceprints of a diarized transcript's speakers (<c>asr:voiceprint:{id}</c>), kept for
/// <see cref="DiarizationOptions.VoiceprintRetention"/> so that a content user can name a speaker after the fact and a
/// cached transcript can still be matched against named voices. Best effort: without Redis nothing is kept, and a
/// speaker can then only be named by a reference clip.
/// </summary>
public sealed class VoiceprintStore(RedisConnection redis, IOptions<DiarizationOptions> options)
{
    public static RedisKey Key(string id) => $"asr:voiceprint:{id}";

    public async Task KeepAsync(IReadOnlyDictionary<string, float[]> voiceprints, string modelKey)
    {
        if (voiceprints.Count == 0 || redis.TryGetDatabase() is not { } database)
        {
            return;
        }

        try
        {
            var batch = database.CreateBatch();
            var writes = voiceprints.Select(v => batch.StringSetAsync(Key(v.Key), $"{modelKey}|{VoiceVectors.Encode(v.Value)}", options.Value.VoiceprintRetention)).ToList();
            batch.Execute();
            await Task.WhenAll(writes);
            redis.ReportSuccess();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure(ex);
        }
    }

    /// <summary>The voiceprints still kept, of the embedding model named (another model's are not comparable).</summary>
    public async Task<Dictionary<string, float[]>> GetAsync(IReadOnlyCollection<string> ids, string modelKey)
    {
        var found = new Dictionary<string, float[]>();
        if (ids.Count == 0 || redis.TryGetDatabase() is not { } database)
        {
            return found;
        }

        try
        {
            var keys = ids.ToArray();
            var values = await database.StringGetAsync([.. keys.Select(Key)]);
            redis.ReportSuccess();
            for (var i = 0; i < keys.Length; i++)
            {
                if (Parse(values[i], modelKey) is { } vector)
                {
                    found[keys[i]] = vector;
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure(ex);
        }

        return found;
    }

    private static float[]? Parse(RedisValue value, string modelKey)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var text = (string)value!;
        var bar = text.LastIndexOf('|');
        return bar > 0 && text[..bar] == modelKey ? VoiceVectors.Decode(text[(bar + 1)..]) : null;
    }
}
