using System.Numerics.Tensors;

namespace FunAsr.AsrService.Vad;

/// <summary>
/// Fallback segmenter for model folders without a VAD model: 10 ms frame energies against a threshold set between
/// the recording's noise floor and its loud level, pauses shorter than the minimum bridged, every segment padded on
/// both sides (so soft word edges are never cut) and anything longer than the maximum split at its quietest point.
/// </summary>
public sealed class EnergyVoiceActivityDetector(VadOptions options) : IVoiceActivityDetector
{
    private const int FrameSamples = 160;
    private const double SilenceDb = -120;
    // Between a 10th-percentile noise floor and the loudest frame: far enough above noise to ignore hiss, and a single
    // short word in a long silent recording still sets the loud end.
    private const double ThresholdFraction = 0.3;
    // A recording whose levels span less than this is uniform: all speech or all silence, decided by the floor.
    private const double UniformRangeDb = 10;

    private readonly VadOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public IReadOnlyList<SpeechSpan> Detect(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        int frames = samples.Length / FrameSamples + (samples.Length % FrameSamples == 0 ? 0 : 1);
        if (frames == 0)
        {
            return [];
        }

        double[] levels = FrameLevels(samples, frames, cancellationToken);
        double threshold = Threshold(levels);
        if (double.IsPositiveInfinity(threshold))
        {
            return [];
        }

        var runs = new List<SpeechSpan>();
        int runStart = -1;
        for (int f = 0; f <= frames; f++)
        {
            bool speech = f < frames && levels[f] >= threshold;
            if (speech && runStart < 0)
            {
                runStart = f;
            }
            else if (!speech && runStart >= 0)
            {
                runs.Add(new SpeechSpan(runStart * FrameSamples, Math.Min(samples.Length, f * FrameSamples)));
                runStart = -1;
            }
        }

        int pad = _options.EnergyPaddingMs * VadAudio.SamplesPerMs;
        int bridge = _options.EnergyMinSilenceMs * VadAudio.SamplesPerMs;
        var merged = new List<SpeechSpan>();
        foreach (SpeechSpan run in runs)
        {
            var padded = new SpeechSpan(Math.Max(0, run.StartSample - pad), Math.Min(samples.Length, run.EndSample + pad));
            if (merged.Count > 0 && padded.StartSample - merged[^1].EndSample < bridge)
            {
                merged[^1] = merged[^1] with { EndSample = Math.Max(merged[^1].EndSample, padded.EndSample) };
            }
            else
            {
                merged.Add(padded);
            }
        }

        return SegmentSplitter.Split(merged, samples, _options.MaxSegmentSamples, cancellationToken);
    }

    private static double[] FrameLevels(ReadOnlySpan<float> samples, int frames, CancellationToken cancellationToken)
    {
        var levels = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            if ((f & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ReadOnlySpan<float> frame = samples.Slice(f * FrameSamples, Math.Min(FrameSamples, samples.Length - f * FrameSamples));
            double meanSquare = TensorPrimitives.SumOfSquares(frame) / frame.Length;
            levels[f] = meanSquare > 0 ? Math.Max(SilenceDb, 10 * Math.Log10(meanSquare)) : SilenceDb;
        }

        return levels;
    }

    private double Threshold(double[] levels)
    {
        double[] sorted = (double[])levels.Clone();
        Array.Sort(sorted);
        double floor = sorted[(int)(0.10 * (sorted.Length - 1))];
        double loud = sorted[^1];
        if (loud < _options.EnergyFloorDbfs)
        {
            return double.PositiveInfinity;
        }

        if (loud - floor < UniformRangeDb)
        {
            return _options.EnergyFloorDbfs;
        }

        return Math.Max(_options.EnergyFloorDbfs, floor + ThresholdFraction * (loud - floor));
    }
}
