using FunAsr.AsrService.Access;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Speakers;

namespace FunAsr.AsrService.Transcription;

/// <summary>
/// A synchronous transcription of one uploaded file: the result cache first, else the pipeline (and the cache after it).
/// A diarized transcript is cached with its speakers lettered; names (known voices) are put on after the cache, so a
/// voice named since, or a request's own reference clips, label the same cached speakers. Either way the audio's
/// duration is charged to the caller's hour (<see cref="AudioUsage"/>) before the transcript is given: a file longer
/// than what is left is refused without being recognised.
/// </summary>
public sealed class UploadTranscriber(TranscriptionPipeline pipeline, TranscriptCache cache, AudioUsage usage, SpeakerNamer speakers, TranscriptRedactor redactor)
{
    public const string UseJobsHint = "Use POST /api/asr/jobs for longer recordings.";

    /// <param name="content">A seekable stream (the upload as buffered); it is read twice, for the hash and for decoding.</param>
    /// <param name="references">The request's known speakers (reference clips), matched before the tenant's library.</param>
    /// <param name="redacted">Receives what the request's redaction masked (for the record of it, <see cref="RedactionLog"/>).</param>
    public async Task<Transcript> TranscribeAsync(
        Stream content, TranscriptionSettings settings, string? title, double maxSeconds, AudioAccount account, CancellationToken cancellationToken,
        IReadOnlyList<KnownVoice>? references = null, List<FunAsr.Text.Sensitive.SensitiveFinding>? redacted = null)
    {
        pipeline.CheckDiarization(settings.Diarization);
        // The cache holds the clear transcript; redaction is applied to it per request, with the terms listed now.
        var redaction = RedactionRequests.Of(settings);
        settings = settings with { Redact = null, RedactMask = null };
        var audioHash = await TranscriptCache.AudioHashAsync(content, cancellationToken);
        content.Position = 0;
        Transcript transcript;
        if (await cache.TryGetAsync(audioHash, settings) is { } cached)
        {
            await usage.ChargeOrRefuseAsync(account, cached.Duration, cancellationToken);
            transcript = cached with { Id = TranscriptAssembler.NewId(), Title = title ?? cached.Title };
        }
        else
        {
            transcript = await pipeline.TranscribeAsync(content, settings, title, new AudioDecodeLimits
            {
                MaxDurationSeconds = maxSeconds,
                MaxDurationSetting = "Asr:Api:MaxSyncDurationSeconds",
                TooLongHint = UseJobsHint,
            }, cancellationToken, (duration, token) => usage.ChargeOrRefuseAsync(account, duration.TotalSeconds, token));
            await speakers.KeepVoiceprintsAsync(transcript);
            await cache.SetAsync(audioHash, settings, transcript);
        }
        var named = settings.Diarization is { } diarization
            ? await speakers.NameAsync(transcript, diarization.VoiceTenant, references ?? [])
            : transcript;
        return redactor.Redact(named, redaction, redacted);
    }
}
