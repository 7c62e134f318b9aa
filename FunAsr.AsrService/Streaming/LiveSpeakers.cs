using System.Net.WebSockets;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Streaming;

/// <summary>
/// Opens the speaker stage of a live stream that asks for speakers: the replica's one diarizer (its embedding model)
/// and the tenant's named voices, read once when the stream starts. A replica without diarization models refuses
/// such a stream with the reason and what to fetch, rather than captioning without speakers.
/// </summary>
public sealed class LiveSpeakers(
    DiarizationEngine engine,
    VoiceLibrary library,
    IOptions<LiveSpeakerOptions> options,
    IOptions<DiarizationOptions> diarization,
    LiveTelemetry telemetry,
    TimeProvider time,
    ILogger<LiveSpeakers> logger)
{
    /// <summary>Throws the <see cref="AsrException"/> saying why this replica cannot tell speakers apart (no models, or they failed to load).</summary>
    public void Check() => _ = engine.Diarizer;

    public async Task<LiveSpeakerStage> OpenAsync(string tenant, CancellationToken cancellationToken)
    {
        SpeakerDiarizer diarizer;
        try
        {
            diarizer = engine.Diarizer;
        }
        catch (AsrException ex)
        {
            throw new LiveProtocolException(WebSocketCloseStatus.InternalServerError, ex.Code, ex.Message);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var voices = await library.CandidatesAsync(tenant, engine.EmbeddingModelKey);
        var settings = options.Value;
        double threshold = settings.Threshold ?? diarization.Value.ClusteringThreshold;
        logger.LogDebug("Live speakers for tenant {Tenant}: {Voices} named voices, threshold {Threshold}, at most {MaxSpeakers} speakers",
            tenant, voices.Count, threshold, settings.MaxSpeakers);
        var tracker = new LiveSpeakerTracker(threshold, settings.MaxSpeakers, voices, diarization.Value.VoiceMatchThreshold);
        return new LiveSpeakerStage(diarizer, tracker, settings.MinUtteranceSeconds, telemetry, time);
    }
}
