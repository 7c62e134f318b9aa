using System.Buffers;
using System.Numerics.Tensors;

namespace FunAsr.AsrService.Features;

/// <summary>
/// Log mel filter-bank features, numerically matching torchaudio.compliance.kaldi.fbank with FunASR's
/// settings (see <see cref="FbankOptions"/>), and kaldi-native-fbank's librosa banks for NeMo models.
/// Immutable and thread-safe: each call rents its own scratch.
/// </summary>
public sealed class KaldiFbank
{
    private const float PreEmphasis = 0.97f;
    // FLT_EPSILON, the floor Kaldi and torchaudio apply before the log.
    private const float FloatEpsilon = 1.1920929e-07f;

    private readonly int _fftSize;
    private readonly int _frameLength;
    private readonly int _frameShift;
    private readonly float[] _window;
    private readonly RealFft _fft;
    private readonly MelFilterBank _mel;

    public KaldiFbank(FbankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SampleRate, "Sample rate must be positive.");
        }

        Options = options;
        // Kaldi's FrameExtractionOptions: lengths in samples truncate sample_rate * ms / 1000.
        _frameLength = (int)(options.SampleRate * (double)options.FrameLengthMs / 1000 + 1e-9);
        _frameShift = (int)(options.SampleRate * (double)options.FrameShiftMs / 1000 + 1e-9);
        if (_frameLength < 5 || _frameShift < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SampleRate,
                $"Sample rate too low for {options.FrameLengthMs} ms / {options.FrameShiftMs} ms frames.");
        }

        // Kaldi pads each frame to the next power of two: 512 points at 16 kHz.
        _fftSize = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_frameLength);

        _window = CreateWindow(options.Window, _frameLength);
        _fft = new RealFft(_fftSize);
        _mel = new MelFilterBank(options.NumMelBins, _fftSize, options.SampleRate, options.LowFrequency, options.HighFrequency,
            options.MelScale);
    }

    public FbankOptions Options { get; }

    public int FrameCount(int sampleCount)
    {
        if (sampleCount <= 0)
        {
            return 0;
        }

        if (Options.SnipEdges)
        {
            return sampleCount < _frameLength ? 0 : 1 + (sampleCount - _frameLength) / _frameShift;
        }

        return (sampleCount + _frameShift / 2) / _frameShift;
    }

    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var output = new float[FrameCount(samples.Length) * Options.NumMelBins];
        Compute(samples, output);
        return output;
    }

    /// <summary>Writes [FrameCount, NumMelBins] row-major into <paramref name="output"/>.</summary>
    public void Compute(ReadOnlySpan<float> samples, Span<float> output)
    {
        int frames = FrameCount(samples.Length);
        int bins = Options.NumMelBins;
        if (output.Length < frames * bins)
        {
            throw new ArgumentException($"Output holds {output.Length} floats; {frames} frames x {bins} bins are needed.", nameof(output));
        }

        if (frames == 0)
        {
            return;
        }

        int half = _fft.ScratchLength;
        int scratchLength = _frameLength + _fftSize + 2 * half + half + 1;
        float[] rented = ArrayPool<float>.Shared.Rent(scratchLength);
        try
        {
            Span<float> scratch = rented.AsSpan(0, scratchLength);
            Span<float> frame = scratch[.._frameLength];
            Span<float> padded = scratch.Slice(_frameLength, _fftSize);
            Span<float> re = scratch.Slice(_frameLength + _fftSize, half);
            Span<float> im = scratch.Slice(_frameLength + _fftSize + half, half);
            Span<float> power = scratch.Slice(_frameLength + _fftSize + 2 * half, half + 1);
            padded[_frameLength..].Clear();
            float scale = Options.ScaleToInt16 ? 32768f : 1f;
            int offset = Options.SnipEdges ? 0 : _frameShift / 2 - _frameLength / 2;

            for (int f = 0; f < frames; f++)
            {
                int start = f * _frameShift + offset;
                if (start >= 0 && start + _frameLength <= samples.Length)
                {
                    TensorPrimitives.Multiply(samples.Slice(start, _frameLength), scale, frame);
                }
                else
                {
                    CopyReflected(samples, start, frame, scale);
                }

                ProcessFrame(frame, padded, re, im, power, output.Slice(f * bins, bins));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private void ProcessFrame(Span<float> frame, Span<float> padded, Span<float> re, Span<float> im, Span<float> power, Span<float> row)
    {
        if (Options.RemoveDcOffset)
        {
            float mean = TensorPrimitives.Sum(frame) / frame.Length;
            TensorPrimitives.Subtract(frame, mean, frame);
        }

        // Kaldi pre-emphasis treats the sample before the frame as a copy of its first sample.
        int n = frame.Length;
        TensorPrimitives.MultiplyAdd(frame[..(n - 1)], -PreEmphasis, frame[1..], padded.Slice(1, n - 1));
        padded[0] = frame[0] * (1f - PreEmphasis);
        TensorPrimitives.Multiply(padded[..n], _window, padded[..n]);

        _fft.PowerSpectrum(padded, power, re, im);

        for (int b = 0; b < row.Length; b++)
        {
            ReadOnlySpan<float> weights = _mel.Weights(b);
            row[b] = TensorPrimitives.Dot(weights, power.Slice(_mel.FirstBin(b), weights.Length));
        }

        TensorPrimitives.Max(row, FloatEpsilon, row);
        TensorPrimitives.Log(row, row);
    }

    // torchaudio's kaldi feature_window_function (symmetric windows) and kaldi-native-fbank's periodic "hann".
    private static float[] CreateWindow(FbankWindow type, int length)
    {
        var window = new float[length];
        double symmetric = 2.0 * Math.PI / (length - 1);
        for (int i = 0; i < length; i++)
        {
            window[i] = (float)(type switch
            {
                FbankWindow.Povey => Math.Pow(0.5 - 0.5 * Math.Cos(symmetric * i), 0.85),
                FbankWindow.Hann => 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * i / length),
                _ => 0.54 - 0.46 * Math.Cos(symmetric * i),
            });
        }

        return window;
    }

    // Kaldi's ExtractWindow: indices outside the signal are mirrored back in (x[-1] = x[0], x[N] = x[N-1]).
    private static void CopyReflected(ReadOnlySpan<float> samples, int start, Span<float> frame, float scale)
    {
        int count = samples.Length;
        for (int i = 0; i < frame.Length; i++)
        {
            int s = start + i;
            while (s < 0 || s >= count)
            {
                s = s < 0 ? -s - 1 : 2 * count - 1 - s;
            }

            frame[i] = samples[s] * scale;
        }
    }
}
