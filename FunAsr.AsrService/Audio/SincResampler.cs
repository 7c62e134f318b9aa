using System.Numerics.Tensors;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Polyphase band-limited resampler with a Hann-windowed sinc kernel, one weight row per output phase.
/// </summary>
public sealed class SincResampler
{
    // Matches torchaudio.functional.resample(method="sinc_interp_hann", lowpass_filter_width=6, rolloff=0.99).
    private const int LowpassFilterWidth = 6;
    private const double Rolloff = 0.99;

    /// <summary>Rates outside this range would make the weight table unreasonably large; ffmpeg handles them.</summary>
    public const int MinRate = 1_000;
    public const int MaxRate = 768_000;

    /// <summary>
    /// Rate pairs with no large common divisor need one weight row per output phase: 44.1 kHz takes 5,760 weights and
    /// 11,025 Hz 10,240, but a WAV header claiming 80,001 Hz would take a million (4 MB and 0.3 s of CPU per request) and
    /// 767,993 Hz nine million. Past this size the decoder leaves the file to ffmpeg's resampler.
    /// </summary>
    public const int MaxWeights = 1 << 16;

    private readonly int _inputStep;
    private readonly int _phases;
    private readonly int _taps;
    private readonly int[] _firstTap;
    private readonly float[] _weights;

    // Weight tables are immutable, so one per rate pair serves every request; a few dozen pairs cover real recordings,
    // and past that a hostile stream of odd rates builds its own instead of growing the cache.
    private const int CachedPairs = 32;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int), SincResampler> Cache = new();

    /// <summary>The resampler for this pair of rates, shared (it is stateless once built).</summary>
    public static SincResampler For(int fromRate, int toRate)
    {
        if (Cache.TryGetValue((fromRate, toRate), out var cached)) return cached;
        var built = new SincResampler(fromRate, toRate);
        return Cache.Count < CachedPairs ? Cache.GetOrAdd((fromRate, toRate), built) : built;
    }

    /// <summary>Whether resampling between these rates stays within <see cref="MaxWeights"/>.</summary>
    public static bool IsPractical(int fromRate, int toRate)
    {
        if (fromRate is < MinRate or > MaxRate || toRate is < MinRate or > MaxRate) return false;
        var (step, phases) = Steps(fromRate, toRate);
        return (long)phases * Taps(step, phases) <= MaxWeights;
    }

    private static (int InputStep, int Phases) Steps(int fromRate, int toRate)
    {
        var gcd = GreatestCommonDivisor(fromRate, toRate);
        return (fromRate / gcd, toRate / gcd);
    }

    private static int Width(int step, int phases) => (int)Math.Ceiling(LowpassFilterWidth * step / (Math.Min(step, phases) * Rolloff));

    private static int Taps(int step, int phases) => 2 * Width(step, phases) + 2;

    public SincResampler(int fromRate, int toRate)
    {
        if (fromRate is < MinRate or > MaxRate) throw new ArgumentOutOfRangeException(nameof(fromRate));
        if (toRate is < MinRate or > MaxRate) throw new ArgumentOutOfRangeException(nameof(toRate));

        FromRate = fromRate;
        ToRate = toRate;
        (_inputStep, _phases) = Steps(fromRate, toRate);

        var cutoff = Math.Min(_inputStep, _phases) * Rolloff;
        var width = Width(_inputStep, _phases);
        _taps = 2 * width + 2;
        _firstTap = new int[_phases];
        _weights = new float[_phases * _taps];
        var scale = cutoff / _inputStep;

        for (var phase = 0; phase < _phases; phase++)
        {
            // Only |m/step - phase/phases| * cutoff < width taps are non-zero; they start here.
            var first = (int)((long)phase * _inputStep / _phases) - width;
            _firstTap[phase] = first;
            var row = _weights.AsSpan(phase * _taps, _taps);
            for (var tap = 0; tap < _taps; tap++)
            {
                var offset = first + tap;
                if (offset < -width || offset >= width + _inputStep) continue;
                var t = ((double)offset / _inputStep - (double)phase / _phases) * cutoff;
                t = Math.Clamp(t, -LowpassFilterWidth, LowpassFilterWidth);
                var window = Math.Cos(t * Math.PI / LowpassFilterWidth / 2);
                var x = t * Math.PI;
                var sinc = x == 0 ? 1.0 : Math.Sin(x) / x;
                row[tap] = (float)(sinc * window * window * scale);
            }
        }
    }

    public int FromRate { get; }

    public int ToRate { get; }

    public int OutputLength(int inputLength) => checked((int)OutputLength((long)inputLength));

    internal long OutputLength(long inputLength) => (_phases * inputLength + _inputStep - 1) / _inputStep;

    internal int InputStep => _inputStep;

    internal int Phases => _phases;

    internal int TapCount => _taps;

    /// <summary>Where output <paramref name="phase"/>'s taps start, relative to its block's first input sample.</summary>
    internal int FirstTap(int phase) => _firstTap[phase];

    internal ReadOnlySpan<float> Weights(int phase) => _weights.AsSpan(phase * _taps, _taps);

    public float[] Process(ReadOnlySpan<float> input)
    {
        var output = new float[OutputLength(input.Length)];
        Process(input, output);
        return output;
    }

    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length != OutputLength(input.Length))
            throw new ArgumentException($"Output must hold exactly {OutputLength(input.Length)} samples.", nameof(output));

        var n = 0;
        for (long blockStart = 0; n < output.Length; blockStart += _inputStep)
        {
            for (var phase = 0; phase < _phases && n < output.Length; phase++, n++)
            {
                var start = blockStart + _firstTap[phase];
                var weights = _weights.AsSpan(phase * _taps, _taps);
                if (start >= 0 && start + _taps <= input.Length)
                {
                    output[n] = TensorPrimitives.Dot(input.Slice((int)start, _taps), weights);
                    continue;
                }

                // Edges: samples outside the input count as zeros, as torchaudio's padding does.
                var from = (int)Math.Max(0, -start);
                var to = (int)Math.Min(_taps, input.Length - start);
                var sum = 0f;
                for (var tap = from; tap < to; tap++) sum += input[(int)(start + tap)] * weights[tap];
                output[n] = sum;
            }
        }
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
