using System.Numerics.Tensors;

namespace FunAsr.AsrService.Streaming;

/// <summary>What one 10 ms frame changed about the open utterance.</summary>
public enum EndpointEvent
{
    None,
    /// <summary>Speech began: an utterance opened at <see cref="StreamingEndpointer.UtteranceStart"/>.</summary>
    Started,
    /// <summary>Enough silence followed speech: the utterance ended at <see cref="StreamingEndpointer.UtteranceEnd"/>.</summary>
    Ended,
}

/// <summary>
/// Online endpointing on 10 ms frames: a frame is speech when its level stands above both a fixed floor and a running
/// noise estimate; an utterance ends after <see cref="LiveCaptionOptions.EndSilenceMs"/> of silence or at the maximum
/// length. Decisions use only audio already seen, so partial and final captions can be sent while the stream goes on.
/// Positions are absolute sample indices from the start of the stream.
/// </summary>
public sealed class StreamingEndpointer(LiveCaptionOptions options)
{
    public const int FrameSamples = 160;
    private const double SilenceDb = -120;
    // The noise estimate falls at once to a quieter frame and rises slowly (about 5 dB/s), so speech never becomes "noise".
    private const double NoiseRisePerFrame = 0.05;

    private readonly int _endSilenceFrames = Math.Max(1, options.EndSilenceMs / 10);
    private readonly int _paddingSamples = options.PaddingMs * 16;
    private readonly long _maxUtteranceSamples = (long)(options.MaxUtteranceSeconds * LiveProtocol.RequiredSampleRate);
    private double _noiseDb = double.NaN;
    private long _frame;
    private long _lastSpeechFrame = -1;

    public bool InUtterance { get; private set; }

    public long UtteranceStart { get; private set; }

    public long UtteranceEnd { get; private set; }

    /// <summary>Samples consumed so far (whole frames).</summary>
    public long Position => _frame * FrameSamples;

    /// <summary>Classifies the next frame (exactly <see cref="FrameSamples"/> samples).</summary>
    public EndpointEvent Push(ReadOnlySpan<float> frame)
    {
        double meanSquare = TensorPrimitives.SumOfSquares(frame) / frame.Length;
        double level = meanSquare > 0 ? Math.Max(SilenceDb, 10 * Math.Log10(meanSquare)) : SilenceDb;
        bool speech = IsSpeech(level);
        long frameIndex = _frame++;

        if (!InUtterance)
        {
            if (!speech)
            {
                return EndpointEvent.None;
            }

            InUtterance = true;
            _lastSpeechFrame = frameIndex;
            UtteranceStart = Math.Max(Math.Max(0, UtteranceEnd), frameIndex * FrameSamples - _paddingSamples);
            return EndpointEvent.Started;
        }

        if (speech)
        {
            _lastSpeechFrame = frameIndex;
        }

        if (Position - UtteranceStart >= _maxUtteranceSamples)
        {
            return End(Position);
        }

        if (frameIndex - _lastSpeechFrame >= _endSilenceFrames)
        {
            return End(Math.Min(Position, (_lastSpeechFrame + 1) * FrameSamples + _paddingSamples));
        }

        return EndpointEvent.None;
    }

    private EndpointEvent End(long end)
    {
        InUtterance = false;
        UtteranceEnd = end;
        return EndpointEvent.Ended;
    }

    private bool IsSpeech(double level)
    {
        if (double.IsNaN(_noiseDb) || level < _noiseDb)
        {
            _noiseDb = level;
        }

        bool speech = level >= options.SpeechFloorDbfs && level >= _noiseDb + options.SpeechAboveNoiseDb;
        if (!speech)
        {
            _noiseDb = Math.Min(level, _noiseDb + NoiseRisePerFrame);
        }

        return speech;
    }
}
