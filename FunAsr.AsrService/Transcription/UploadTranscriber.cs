using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Caching;

namespace FunAsr.AsrService.Transcription;

/// <summary>A synchronous transcription of one uploaded file: the result cache first, else the pipeline (and the cache after it).</summary>
public sealed class UploadTranscriber(TranscriptionPipeline pipeline, TranscriptCache cache)
{
    public const string UseJobsHint = "Use POST /api/asr/jobs for longer recordings.";

    /// <param name="content">A seekable stream (the upload as buffered); it is read twice, for the hash and for decoding.</param>
    public async Task<Transcript> TranscribeAsync(
        Stream content, TranscriptionSettings settings, string? title, double maxSeconds, CancellationToken cancellationToken)
    {
        var audioHash = await TranscriptCache.AudioHashAsync(content, cancellationToken);
        content.Position = 0;
        if (await cache.TryGetAsync(audioHash, settings) is { } cached)
        {
            return cached with { Id = TranscriptAssembler.NewId(), Title = title ?? cached.Title };
        }
        var transcript = await pipeline.TranscribeAsync(content, settings, title, new AudioDecodeLimits
        {
            MaxDurationSeconds = maxSeconds,
            MaxDurationSetting = "Asr:Api:MaxSyncDurationSeconds",
            TooLongHint = UseJobsHint,
        }, cancellationToken);
        await cache.SetAsync(audioHash, settings, transcript);
        return transcript;
    }
}
