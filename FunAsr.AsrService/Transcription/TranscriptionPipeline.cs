using System.Runtime.CompilerServices;
using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Vad;
using FunAsr.Text.Subtitles;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Transcription;

/// <summary>
/// The one recognition pipeline, for synchronous requests, jobs and the command line: decode → cut into speech
/// segments once (the voice-activity detector, which also bounds their length) → recognise them a request of
/// <see cref="TranscriptionOptions.SegmentsPerRequest"/> at a time → transcript segments reported as each request
/// finishes → when asked, who spoke when (diarized alongside recognition, <see cref="DiarizationEngine"/>), put onto the
/// transcript's words and segments (<see cref="TranscriptSpeakers"/>). Every stage has its own span. Live captions cut
/// their own utterances as the stream arrives and share the rest: the engine, <see cref="TranscriptSegments"/> and the result type.
/// </summary>
public sealed class TranscriptionPipeline(
    ModelReadiness readiness,
    IAudioDecoder decoder,
    AdmissionControl admission,
    IVoiceActivityDetector vad,
    DiarizationEngine diarization,
    IOptions<TranscriptionOptions> options,
    IOptions<SubtitleRules> rules,
    AsrTelemetry telemetry,
    TranscriptRedactor redactor,
    TimeProvider time)
{
    private const int MaxBusyRetries = 30;

    public ISpeechRecognizer Recognizer => readiness.Recognizer;

    public SubtitleRules Rules => rules.Value;

    /// <summary>The replica's memory budget and decode slots; a caller holds its memory lease while it uses the samples.</summary>
    public AdmissionControl Admission => admission;

    /// <summary>
    /// Decodes to 16 kHz samples within <paramref name="limits"/> (the duration limit is checked from the container and as
    /// samples arrive, which are charged to <see cref="AudioDecodeLimits.Memory"/>).
    /// </summary>
    public async Task<DecodedAudio> DecodeAsync(Stream content, AudioDecodeLimits limits, CancellationToken cancellationToken)
    {
        using var activity = AsrTelemetry.StartStage("decode");
        if (content.CanSeek)
        {
            activity?.SetTag("asr.upload.bytes", content.Length);
        }
        var audio = await decoder.DecodeAsync(content, limits, cancellationToken);
        activity?.SetTag("audio.duration_s", audio.Duration.TotalSeconds);
        activity?.SetTag("asr.audio.source_format", audio.SourceFormat);
        return audio;
    }

    /// <summary>
    /// Decodes like <see cref="DecodeAsync"/>, but a replica at capacity is back-pressure for callers no client waits on
    /// (jobs, the command line): they wait their turn and try again with a fresh stream instead of failing.
    /// </summary>
    public async Task<DecodedAudio> DecodeWhenAdmittedAsync(Func<Stream> open, AudioDecodeLimits limits, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var content = open();
            try
            {
                return await DecodeAsync(content, limits, cancellationToken);
            }
            catch (AdmissionRejectedException busy) when (busy.RetryAfter is { } wait)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    /// <summary>The speech segments of the audio, cut once.</summary>
    public IReadOnlyList<SpeechSpan> Segment(float[] samples, CancellationToken cancellationToken)
    {
        using var activity = AsrTelemetry.StartStage("vad", (double)samples.Length / AudioClip.EngineSampleRate);
        var spans = samples.Length == 0 ? [] : vad.Detect(samples, cancellationToken);
        activity?.SetTag("asr.segments", spans.Count);
        return spans;
    }

    /// <summary>
    /// Recognises the segments in order, reporting each request's transcript segments as it finishes. The next request
    /// is already queued while the caller handles one, so the batcher never waits on the caller. A full inference queue
    /// is refused (<see cref="InferenceQueueFullException"/>) unless <paramref name="waitWhenBusy"/>, when the request is
    /// retried as the queue drains (jobs, which have no client waiting on a socket).
    /// </summary>
    public async IAsyncEnumerable<TranscriptionProgress> RecognizeAsync(
        float[] samples,
        IReadOnlyList<SpeechSpan> spans,
        TranscriptionSettings settings,
        bool waitWhenBusy,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var recognizer = readiness.Recognizer;
        var recognition = Options(settings);
        var redaction = RedactionRequests.Of(settings);
        var perRequest = options.Value.SegmentsPerRequest;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<RecognitionResult>? next = spans.Count > 0 ? Request(0) : null;
        try
        {
            for (var first = 0; first < spans.Count; first += perRequest)
            {
                var result = await next!;
                var done = Math.Min(spans.Count, first + perRequest);
                next = done < spans.Count ? Request(done) : null;
                var redacted = new List<FunAsr.Text.Sensitive.SensitiveFinding>();
                var clear = Map(result, 0);
                yield return new TranscriptionProgress(done, spans.Count, redactor.Redact(clear, redaction, redacted)) { Redacted = redacted, Clear = clear };
            }
        }
        finally
        {
            if (next is not null)
            {
                // The caller stopped early (a cancelled job): the queued request is abandoned, not left to fail unobserved.
                await stop.CancelAsync();
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        Task<RecognitionResult> Request(int first)
        {
            var clip = new AudioClip(samples) { Segments = [.. spans.Skip(first).Take(perRequest)] };
            return waitWhenBusy ? RecognizeWhenFreeAsync(recognizer, clip, recognition, stop.Token) : recognizer.RecognizeAsync(clip, recognition, stop.Token);
        }
    }

    /// <summary>
    /// The whole pipeline for one upload: decode (its samples charged to the memory budget until the transcript is built),
    /// segment, recognise (and diarize beside it when asked), assemble. <paramref name="decoded"/> sees the audio's
    /// duration before any recognition (where the caller's audio budget is charged, or the request refused).
    /// </summary>
    public async Task<Transcript> TranscribeAsync(
        Stream content, TranscriptionSettings settings, string? title, AudioDecodeLimits limits, CancellationToken cancellationToken,
        Func<TimeSpan, CancellationToken, Task>? decoded = null)
    {
        var recognizer = readiness.Recognizer;
        var started = time.GetTimestamp();
        // The decode's charge (the samples) replaces the upload's (the bytes it reads).
        UploadMemory.HandOver();
        using var memory = await admission.Memory.AcquireAsync(0, cancellationToken);
        var audio = await DecodeAsync(content, limits with { Memory = memory }, cancellationToken);
        if (decoded is not null)
        {
            await decoded(audio.Duration, cancellationToken);
        }
        var spans = Segment(audio.Samples, cancellationToken);
        using var speakers = StartDiarization(audio.Samples, settings, cancellationToken);
        var transcript = new TranscriptAssembler();
        await foreach (var progress in RecognizeAsync(audio.Samples, spans, settings, waitWhenBusy: false, cancellationToken))
        {
            transcript.Add(progress.Segments);
        }
        var result = transcript.Build(TranscriptAssembler.NewId(), title, recognizer.Model.Id, settings.Language, audio.Duration.TotalSeconds);
        result = await WithSpeakersAsync(result, speakers);
        telemetry.AudioTranscribed(recognizer.Model.Id, audio.Duration.TotalSeconds, time.GetElapsedTime(started));
        return result;
    }

    /// <summary>Fails fast, before any audio is decoded, when a diarization request cannot be served (no models, impossible counts).</summary>
    public void CheckDiarization(DiarizationSettings? settings) => diarization.Check(settings);

    /// <summary>
    /// Starts diarizing the samples when <paramref name="settings"/> ask for it, to run beside recognition; null otherwise.
    /// Disposing the handle abandons it (a failed or cancelled recognition).
    /// </summary>
    public PendingDiarization? StartDiarization(float[] samples, TranscriptionSettings settings, CancellationToken cancellationToken) =>
        settings.Diarization is { } wanted ? new PendingDiarization(diarization, samples, wanted, cancellationToken) : null;

    /// <summary>The transcript with the speakers of <paramref name="pending"/> on its words and segments (unchanged when null).</summary>
    public static async Task<Transcript> WithSpeakersAsync(Transcript transcript, PendingDiarization? pending)
    {
        if (pending is null)
        {
            return transcript;
        }
        var result = await pending.Result;
        using var activity = AsrTelemetry.StartStage("speakers.attribute", result.Duration);
        var attributed = TranscriptSpeakers.Attribute(transcript, result);
        activity?.SetTag("diarization.speakers", attributed.Speakers?.Count ?? 0);
        activity?.SetTag("asr.segments", attributed.Segments.Count);
        return attributed;
    }

    /// <summary>Transcript segments of an engine result whose clip starts <paramref name="offsetSeconds"/> into the audio.</summary>
    public IReadOnlyList<TranscriptSegment> Map(RecognitionResult result, double offsetSeconds) =>
        [.. result.Segments.SelectMany(s => TranscriptSegments.From(s, offsetSeconds, rules.Value))];

    public static RecognitionOptions Options(TranscriptionSettings settings) => new()
    {
        Language = settings.Language,
        Itn = settings.Itn,
        Timestamps = true,
        Hotwords = settings.Hotwords,
    };

    // Back-pressure, not a failure: wait a little and ask again, for at most about a minute.
    private async Task<RecognitionResult> RecognizeWhenFreeAsync(
        ISpeechRecognizer recognizer, AudioClip clip, RecognitionOptions recognition, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await recognizer.RecognizeAsync(clip, recognition, cancellationToken);
            }
            catch (InferenceQueueFullException) when (attempt < MaxBusyRetries)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }
    }
}
