using FunAsr.AsrService.Access;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Caching;

namespace FunAsr.AsrService.Transcription;

/// <summary>
/// A synchronous transcription of one uploaded file: the result cache first, else the pipeline (and the cache after it).
/// Either way the audio's duration is charged to the caller's hour (<see cref="AudioUsage"/>) before the transcript is
/// given: a file longer than what is left is refused without being recognised.
/// </summary>
public sealed class UploadTranscriber(TranscriptionPipeline pipeline, TranscriptCache cache, AudioUsage usage)
{
    public const string UseJobsHint = "Use POST /api/asr/jobs for longer recordings.";

    /// <param name="content">A seekable stream (the upload as buffered); it is read twice, for the hash and for decoding.</param>
    public async Task<Transcript> TranscribeAsync(
        Stream content, TranscriptionSettings settings, string? title, double maxSeconds, AudioAccount account, CancellationToken cancellationToken)
    {
        var audioHash = await TranscriptCache.AudioHashAsync(content, cancellationToken);
        content.Position = 0;
        if (await cache.TryGetAsync(audioHash, settings) is { } cached)
        {
            await usage.ChargeOrRefuseAsync(account, cached.Duration, cancellationToken);
            return cached with { Id = TranscriptAssembler.NewId(), Title = title ?? cached.Title };
        }
        var transcript = await pipeline.TranscribeAsync(content, settings, title, new AudioDecodeLimits
        {
            MaxDurationSeconds = maxSeconds,
            MaxDurationSetting = "Asr:Api:MaxSyncDurationSeconds",
            TooLongHint = UseJobsHint,
        }, cancellationToken, (duration, token) => usage.ChargeOrRefuseAsync(account, duration.TotalSeconds, token));
        await cache.SetAsync(audioHash, settings, transcript);
        return transcript;
    }
}
