using System.Numerics.Tensors;

namespace FunAsr.AsrService.Vad;

/// <summary>
/// Enforces the maximum segment length: a span that is too long is cut where a 100 ms window is quietest,
/// searched in the second half of the allowed length so no piece is needlessly short. Pieces stay contiguous,
/// so no sample is dropped.
/// </summary>
internal static class SegmentSplitter
{
    private const int HopSamples = 160;
    private const int WindowHops = 10;

    public static List<SpeechSpan> Split(IEnumerable<SpeechSpan> spans, ReadOnlySpan<float> samples, int maxSamples, CancellationToken cancellationToken)
    {
        var result = new List<SpeechSpan>();
        foreach (SpeechSpan span in spans)
        {
            int start = span.StartSample;
            while (span.EndSample - start > maxSamples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int cut = QuietestCut(samples, start + maxSamples / 2, start + maxSamples);
                result.Add(new SpeechSpan(start, cut));
                start = cut;
            }

            result.Add(new SpeechSpan(start, span.EndSample));
        }

        return result;
    }

    /// <summary>Sample index in (from, to] at the centre of the lowest-energy 100 ms window.</summary>
    private static int QuietestCut(ReadOnlySpan<float> samples, int from, int to)
    {
        int hops = (to - from) / HopSamples;
        if (hops <= WindowHops)
        {
            return to;
        }

        Span<double> hopEnergy = hops <= 4096 ? stackalloc double[hops] : new double[hops];
        for (int h = 0; h < hops; h++)
        {
            hopEnergy[h] = TensorPrimitives.SumOfSquares(samples.Slice(from + h * HopSamples, HopSamples));
        }

        double window = 0;
        for (int h = 0; h < WindowHops; h++)
        {
            window += hopEnergy[h];
        }

        double best = window;
        int bestFirstHop = 0;
        for (int h = WindowHops; h < hops; h++)
        {
            window += hopEnergy[h] - hopEnergy[h - WindowHops];
            // Ties go to the later window so pieces come out as long as allowed.
            if (window <= best)
            {
                best = window;
                bestFirstHop = h - WindowHops + 1;
            }
        }

        return from + (bestFirstHop + WindowHops / 2) * HopSamples;
    }
}
