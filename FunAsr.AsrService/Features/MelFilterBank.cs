namespace FunAsr.AsrService.Features;

/// <summary>
/// Triangular mel filters over FFT bins, stored sparsely (first bin + weights per filter).
/// Matches torchaudio.compliance.kaldi.get_mel_banks without VTLN; the Nyquist bin gets no weight, as in Kaldi.
/// </summary>
internal sealed class MelFilterBank
{
    private readonly int[] _firstBin;
    private readonly float[][] _weights;

    public MelFilterBank(int numBins, int fftSize, float sampleRate, float lowFrequency, float highFrequency)
    {
        double nyquist = 0.5 * sampleRate;
        double high = highFrequency <= 0 ? nyquist + highFrequency : highFrequency;
        if (numBins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numBins), numBins, "At least one mel bin is needed.");
        }

        if (lowFrequency < 0 || lowFrequency >= high || high > nyquist)
        {
            throw new ArgumentOutOfRangeException(nameof(lowFrequency),
                $"Mel range {lowFrequency}..{high} Hz must satisfy 0 <= low < high <= Nyquist ({nyquist} Hz).");
        }

        int fftBins = fftSize / 2;
        double binWidth = sampleRate / (double)fftSize;
        double melLow = Mel(lowFrequency);
        double melDelta = (Mel(high) - melLow) / (numBins + 1);

        _firstBin = new int[numBins];
        _weights = new float[numBins][];
        Span<float> row = stackalloc float[fftBins];
        for (int b = 0; b < numBins; b++)
        {
            double left = melLow + b * melDelta;
            double center = melLow + (b + 1) * melDelta;
            double right = melLow + (b + 2) * melDelta;
            int first = -1, last = -1;
            for (int k = 0; k < fftBins; k++)
            {
                double mel = Mel(binWidth * k);
                double up = (mel - left) / (center - left);
                double down = (right - mel) / (right - center);
                double w = Math.Max(0.0, Math.Min(up, down));
                row[k] = (float)w;
                if (w > 0)
                {
                    if (first < 0)
                    {
                        first = k;
                    }

                    last = k;
                }
            }

            if (first < 0)
            {
                first = 0;
                last = -1;
            }

            _firstBin[b] = first;
            _weights[b] = row[first..(last + 1)].ToArray();
        }
    }

    public int Count => _firstBin.Length;

    public int FirstBin(int bin) => _firstBin[bin];

    public ReadOnlySpan<float> Weights(int bin) => _weights[bin];

    private static double Mel(double frequency) => 1127.0 * Math.Log(1.0 + frequency / 700.0);
}
