using System.Net.WebSockets;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;

namespace FunAsr.AsrService.Streaming;

/// <summary>
/// Saves a live session's finals as a lecture: the same transcript shape and <c>transcripts</c> stream a finished
/// job uses, so the Q&amp;A service ingests it like any recording, owned by whoever streamed it.
/// </summary>
public sealed class LiveTranscriptSaver(RedisConnection redis, TranscriptPublisher publisher, ISpeechRecognizer recognizer)
{
    public async Task<string> SaveAsync(LiveTranscriber transcriber, string title, Ownership ownership, CancellationToken cancellationToken)
    {
        var database = redis.TryGetDatabase() ?? throw new LiveProtocolException(WebSocketCloseStatus.InternalServerError, "save_unavailable",
            "The transcript could not be saved: the shared store (Redis) is unavailable. The captions already sent are unaffected.");
        var assembler = new TranscriptAssembler();
        assembler.Add(transcriber.Segments);
        var transcript = assembler.Build($"live-{Guid.NewGuid():n}", title, recognizer.Model.Id, "auto", transcriber.Duration);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await publisher.PublishAsync(database, transcript, ownership);
            redis.ReportSuccess();
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            redis.ReportFailure(ex);
            throw new LiveProtocolException(WebSocketCloseStatus.InternalServerError, "save_unavailable",
                "The transcript could not be saved: the shared store (Redis) did not answer. The captions already sent are unaffected.");
        }

        return transcript.Id;
    }
}
