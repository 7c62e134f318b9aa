using System.Net.WebSockets;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;

namespace FunAsr.AsrService.Streaming;

/// <summary>
/// Saves a live session's finals as a lecture: the same transcript shape and <c>transcripts</c> stream a finished
/// job uses, so the Q&amp;A service ingests it like any recording, owned by whoever streamed it. A stream that told
/// speakers apart saves them as a diarized upload does: segments with their speaker, the speakers with their names and
/// voiceprints (each speaker's centroid, kept so the library can name the voice later).
/// </summary>
public sealed class LiveTranscriptSaver(RedisConnection redis, TranscriptPublisher publisher, ISpeechRecognizer recognizer, SpeakerNamer namer)
{
    /// <param name="redaction">What the stream masks: the saved lecture holds the masked text, as its captions did.</param>
    public async Task<string> SaveAsync(LiveTranscriber transcriber, string title, Ownership ownership, LiveRedaction? redaction, CancellationToken cancellationToken)
    {
        var database = redis.TryGetDatabase() ?? throw new LiveProtocolException(WebSocketCloseStatus.InternalServerError, "save_unavailable",
            "The transcript could not be saved: the shared store (Redis) is unavailable. The captions already sent are unaffected.");
        var assembler = new TranscriptAssembler();
        assembler.Add(transcriber.Segments);
        var transcript = assembler.Build($"live-{Guid.NewGuid():n}", title, recognizer.Model.Id, "auto", transcriber.Duration);
        if (transcriber.Speakers is { Count: > 0 } tracker)
        {
            var (speakers, voiceprints) = tracker.Snapshot();
            transcript = transcript with { Speakers = speakers, Voiceprints = voiceprints };
        }
        if (redaction is not null)
        {
            transcript = redaction.Mask(transcript);
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await namer.KeepVoiceprintsAsync(transcript);
            await publisher.PublishAsync(database, transcript, ownership);
            redis.ReportSuccess();
        }
        catch (Exception ex) when (FunAsr.Messaging.RedisFault.IsOutage(ex))
        {
            redis.ReportFailure(ex);
            throw new LiveProtocolException(WebSocketCloseStatus.InternalServerError, "save_unavailable",
                "The transcript could not be saved: the shared store (Redis) did not answer. The captions already sent are unaffected.");
        }

        return transcript.Id;
    }
}
