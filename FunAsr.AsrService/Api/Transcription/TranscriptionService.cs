using System.Diagnostics;
using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Api.Health;
using FunAsr.AsrService.Api.Telemetry;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Recognition;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Transcription;

/// <summary>The synchronous pipeline: cache lookup → decode → recognise → cache store, each stage in its own span.</summary>
public sealed class TranscriptionService(
    ModelReadiness readiness,
    IAudioDecoder decoder,
    AdmissionControl admission,
    TranscriptCache cache,
    IOptions<AsrApiOptions> options,
    AsrTelemetry telemetry,
    TimeProvider timeProvider)
{
    public async Task<Transcript> TranscribeAsync(UploadedFile file, TranscriptionSettings settings, string? title, CancellationToken cancellationToken)
    {
        var recognizer = readiness.Recognizer;
        var audioHash = TranscriptCache.AudioHash(file.Content);
        if (await cache.TryGetAsync(audioHash, settings) is { } cached)
        {
            return cached with { Id = NewId(), Title = title ?? cached.Title };
        }

        var started = timeProvider.GetTimestamp();
        // The decoded samples stay charged to the replica's memory budget until the transcript is built.
        using var memory = await admission.Memory.AcquireAsync(0, cancellationToken);
        var audio = await DecodeAsync(file.Content, new AudioDecodeLimits
        {
            MaxDurationSeconds = options.Value.MaxSyncDurationSeconds,
            MaxDurationSetting = "Asr:Api:MaxSyncDurationSeconds",
            TooLongHint = "Use POST /api/asr/jobs for longer recordings.",
            Memory = memory,
        }, cancellationToken);
        var result = await RecognizeAsync(recognizer, audio.Samples, settings, cancellationToken);
        telemetry.AudioTranscribed(recognizer.Model.Id, audio.Duration.TotalSeconds, timeProvider.GetElapsedTime(started));

        var transcript = TranscriptBuilder.FromResult(NewId(), title, recognizer.Model.Id, result);
        await cache.SetAsync(audioHash, settings, transcript);
        return transcript;
    }

    /// <summary>Decodes within <paramref name="limits"/>: the duration limit is checked from the container and as samples arrive.</summary>
    public async Task<DecodedAudio> DecodeAsync(byte[] content, AudioDecodeLimits limits, CancellationToken cancellationToken)
    {
        using var activity = AsrTelemetry.StartStage("decode");
        activity?.SetTag("asr.upload.bytes", content.Length);
        using var input = new MemoryStream(content, writable: false);
        var audio = await decoder.DecodeAsync(input, limits, cancellationToken);
        activity?.SetTag("audio.duration_s", audio.Duration.TotalSeconds);
        activity?.SetTag("asr.audio.source_format", audio.SourceFormat);
        return audio;
    }

    public static async Task<RecognitionResult> RecognizeAsync(
        ISpeechRecognizer recognizer, float[] samples, TranscriptionSettings settings, CancellationToken cancellationToken)
    {
        // The engine opens its own span per stage (vad, features, inference, decoding) under this request's span.
        return await recognizer.RecognizeAsync(new AudioClip(samples), new RecognitionOptions
        {
            Language = settings.Language,
            Itn = settings.Itn,
            Timestamps = true,
            Hotwords = settings.Hotwords,
        }, cancellationToken);
    }

    public static string NewId() => Guid.NewGuid().ToString("N");
}
