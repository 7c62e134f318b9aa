using System.Numerics.Tensors;
using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Telemetry;

namespace FunAsr.AsrService.Streaming;

/// <summary>
/// The speaker stage of one live stream that asked for speakers. A final utterance is embedded on the thread pool,
/// beside its final decode, so the final waits for the longer of the two rather than their sum and the socket's
/// receive loop waits for neither; once the decode has text, the embedding goes to the stream's
/// <see cref="LiveSpeakerTracker"/>. Partials are never embedded.
/// </summary>
public sealed class LiveSpeakerStage(SpeakerDiarizer diarizer, LiveSpeakerTracker tracker, double minUtteranceSeconds, LiveTelemetry telemetry, TimeProvider time)
{
    private static readonly Task<float[]?> NotEmbedded = Task.FromResult<float[]?>(null);

    public LiveSpeakerTracker Tracker => tracker;

    /// <summary>Starts embedding an utterance's audio; null when it is shorter than the minimum or the model gives no usable vector.</summary>
    public Task<float[]?> EmbedAsync(float[] clip, CancellationToken cancellationToken)
    {
        double seconds = (double)clip.Length / LiveProtocol.RequiredSampleRate;
        if (seconds < minUtteranceSeconds)
        {
            return NotEmbedded;
        }

        return Task.Run(() =>
        {
            using var activity = AsrTelemetry.ActivitySource.StartActivity("asr.live.speaker");
            activity?.SetTag("asr.audio.duration", seconds);
            long started = time.GetTimestamp();
            float[]? embedding = diarizer.EmbedVoice(clip);
            telemetry.SpeakerEmbedded(time.GetElapsedTime(started));
            // A NaN vector (sherpa-onnx drops those too) would open a speaker nothing ever matches.
            bool usable = embedding is not null && float.IsFinite(TensorPrimitives.Sum(embedding));
            activity?.SetTag("diarization.embedded", usable);
            return usable ? embedding : null;
        }, cancellationToken);
    }

    /// <summary>The utterance's speaker, or null when it was not embedded.</summary>
    public LiveSpeakerAssignment? Assign(float[]? embedding, double seconds)
    {
        if (embedding is null)
        {
            return null;
        }

        var assignment = tracker.Assign(embedding, seconds);
        if (assignment.Opened)
        {
            telemetry.SpeakerOpened();
        }

        return assignment;
    }
}
