using FunAsr.AsrService.Vad;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Cuts long audio into pieces of at most a given length, recognised one call each so a job can report progress and
/// be cancelled or taken over between pieces. Speech found by the engine's voice-activity detector (when registered) is
/// cut where longer than the maximum at the quietest 100 ms in the second half of each piece, so words are not split,
/// and neighbouring pieces are joined up to the maximum.
/// </summary>
public sealed class AudioPieces(IServiceProvider services)
{
    private const int SampleRate = 16_000;
    private const int QuietWindow = SampleRate / 10;

    public IReadOnlyList<SpeechSpan> Split(float[] samples, double maxSeconds, CancellationToken cancellationToken)
    {
        var maxSamples = Math.Max(QuietWindow * 2, (int)(maxSeconds * SampleRate));
        IReadOnlyList<SpeechSpan> speech = services.GetService<IVoiceActivityDetector>() is { } vad
            ? vad.Detect(samples, cancellationToken)
            : [new SpeechSpan(0, samples.Length)];
        var pieces = new List<SpeechSpan>();
        foreach (var span in speech)
        {
            var start = span.StartSample;
            while (start < span.EndSample)
            {
                var end = span.EndSample - start <= maxSamples
                    ? span.EndSample
                    : QuietestCut(samples, start + maxSamples / 2, start + maxSamples);
                Add(pieces, new SpeechSpan(start, end), maxSamples);
                start = end;
            }
        }
        return pieces;
    }

    /// <summary>Joins a piece to the previous one while the joined piece stays within the maximum.</summary>
    private static void Add(List<SpeechSpan> pieces, SpeechSpan piece, int maxSamples)
    {
        if (pieces.Count > 0 && piece.EndSample - pieces[^1].StartSample <= maxSamples)
        {
            pieces[^1] = pieces[^1] with { EndSample = piece.EndSample };
        }
        else
        {
            pieces.Add(piece);
        }
    }

    private static int QuietestCut(float[] samples, int from, int to)
    {
        var best = to;
        var bestEnergy = double.MaxValue;
        for (var window = from; window + QuietWindow <= to; window += QuietWindow / 2)
        {
            var energy = 0.0;
            foreach (var sample in samples.AsSpan(window, QuietWindow))
            {
                energy += sample * sample;
            }
            if (energy < bestEnergy)
            {
                bestEnergy = energy;
                best = window + QuietWindow / 2;
            }
        }
        return best;
    }
}
