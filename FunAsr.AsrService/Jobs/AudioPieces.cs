using FunAsr.AsrService.Vad;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Cuts long audio into pieces of at most a given length, recognised one call each so a job can report progress and
/// be cancelled or taken over between pieces. Uses the engine's voice-activity detector when one is registered;
/// otherwise cuts at the quietest 100 ms in the second half of each piece so words are not split.
/// </summary>
public sealed class AudioPieces(IServiceProvider services)
{
    private const int SampleRate = 16_000;
    private const int QuietWindow = SampleRate / 10;

    public IReadOnlyList<SpeechSpan> Split(float[] samples, double maxSeconds, CancellationToken cancellationToken)
    {
        var maxSamples = (int)(maxSeconds * SampleRate);
        if (services.GetService<IVoiceActivityDetector>() is { } vad)
        {
            return Merge(vad.Detect(samples, cancellationToken), maxSamples);
        }
        var pieces = new List<SpeechSpan>();
        var start = 0;
        while (start < samples.Length)
        {
            var end = samples.Length - start <= maxSamples ? samples.Length : QuietestCut(samples, start + maxSamples / 2, start + maxSamples);
            pieces.Add(new SpeechSpan(start, end));
            start = end;
        }
        return pieces;
    }

    /// <summary>Joins neighbouring speech spans while the joined piece stays within the maximum.</summary>
    private static List<SpeechSpan> Merge(IReadOnlyList<SpeechSpan> spans, int maxSamples)
    {
        var pieces = new List<SpeechSpan>();
        foreach (var span in spans)
        {
            if (pieces.Count > 0 && span.EndSample - pieces[^1].StartSample <= maxSamples)
            {
                pieces[^1] = pieces[^1] with { EndSample = span.EndSample };
            }
            else
            {
                pieces.Add(span);
            }
        }
        return pieces;
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
