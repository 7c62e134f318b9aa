namespace FunAsr.AsrService.Features;

/// <summary>
/// Triangular mel filters over FFT bins, stored sparsely (first bin + weights per filter).
/// Kaldi: matches torchaudio.compliance.kaldi.get_mel_banks without VTLN; the Nyquist bin gets no weight, as in Kaldi.
/// Slaney: matches librosa.filters.mel(htk=False, norm="slaney") as kaldi-native-fbank's is_librosa computes it.
/// </summary>
internal sealed class MelFilterBank
{
    private readonly int[] _firstBin;
    private readonly float[][] _weights;

    public MelFilterBank(int numBins, int fftSize, float sampleRate, float lowFrequency, float highFrequency,
        FbankMelScale scale = FbankMelScale.Kaldi)
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

        bool slaney = scale == FbankMelScale.Slaney;
        int fftBins = slaney ? fftSize / 2 + 1 : fftSize / 2;
        double binWidth = sampleRate / (double)fftSize;
        double melLow = slaney ? SlaneyMel(lowFrequency) : Mel(lowFrequency);
        double melHigh = slaney ? SlaneyMel(high) : Mel(high);
        double melDelta = (melHigh - melLow) / (numBins + 1);

        _firstBin = new int[numBins];
        _weights = new float[numBins][];
        Span<float> row = stackalloc float[fftBins];
        for (int b = 0; b < numBins; b++)
        {
            double left = melLow + b * melDelta;
            double center = melLow + (b + 1) * melDelta;
            double right = melLow + (b + 2) * melDelta;
            double norm = 1.0;
            if (slaney)
            {
                // librosa interpolates in Hz between the mel points and scales each triangle to unit area.
                (left, center, right) = (InverseSlaneyMel(left), InverseSlaneyMel(center), InverseSlaneyMel(right));
                norm = 2.0 / (right - left);
            }

            int first = -1, last = -1;
            for (int k = 0; k < fftBins; k++)
            {
                double position = slaney ? binWidth * k : Mel(binWidth * k);
                double up = (position - left) / (center - left);
                double down = (right - position) / (right - center);
                double w = Math.Max(0.0, Math.Min(up, down)) * norm;
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

    // Slaney's Auditory Toolbox scale (librosa htk=False): linear below 1 kHz, logarithmic above.
    private const double SlaneyHzPerMel = 200.0 / 3;
    private const double SlaneyBreakMel = 1000.0 / SlaneyHzPerMel;
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    private static double SlaneyMel(double frequency) => frequency < 1000.0
        ? frequency / SlaneyHzPerMel
        : SlaneyBreakMel + Math.Log(frequency / 1000.0) / SlaneyLogStep;

    private static double InverseSlaneyMel(double mel) => mel < SlaneyBreakMel
        ? mel * SlaneyHzPerMel
        : 1000.0 * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel));
}
