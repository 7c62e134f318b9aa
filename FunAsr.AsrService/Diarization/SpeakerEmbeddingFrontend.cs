using FunAsr.AsrService.Features;

namespace FunAsr.AsrService.Diarization;

/// <summary>Which front-end settings an embedding model gets.</summary>
public enum SpeakerFeaturePreset
{
    /// <summary>What sherpa-onnx feeds the exports (speaker-embedding-extractor-*-impl.h): povey window, 20–7600 Hz, reflected edges.</summary>
    Sherpa,

    /// <summary>What the models were trained on: 3D-Speaker's and WeSpeaker's torchaudio kaldi.fbank calls, whole frames only.</summary>
    Upstream,
}

public enum FeatureNormalization
{
    None,

    /// <summary>Subtract each mel bin's mean over the utterance (3D-Speaker "global-mean", WeSpeaker's CMN).</summary>
    GlobalMean,

    /// <summary>NeMo "per_feature": each bin to zero mean and unit standard deviation over the utterance.</summary>
    PerFeature,
}

/// <summary>Samples → the log-mel matrix [frames, bins] an embedding model expects, normalised as its metadata says.</summary>
public sealed class SpeakerEmbeddingFrontend(FbankOptions fbank, FeatureNormalization normalization)
{
    private readonly KaldiFbank _fbank = new(fbank);

    public FbankOptions Fbank { get; } = fbank;

    public FeatureNormalization Normalization { get; } = normalization;

    public int Bins => Fbank.NumMelBins;

    /// <summary>The settings for <paramref name="framework"/> (see docs/diarization.md, "Front ends").</summary>
    public static SpeakerEmbeddingFrontend For(SpeakerEmbeddingFramework framework, SpeakerFeaturePreset preset,
        bool normalizeSamples, FeatureNormalization metadataNormalization, NemoFrameSettings? nemo = null)
    {
        bool scale = !normalizeSamples;
        return (framework, preset) switch
        {
            (SpeakerEmbeddingFramework.NeMo, _) => new(new FbankOptions
            {
                NumMelBins = nemo?.Bins ?? 80,
                Window = nemo?.Window ?? FbankWindow.Hann,
                FrameLengthMs = nemo?.WindowMs ?? 25,
                FrameShiftMs = nemo?.StrideMs ?? 10,
                LowFrequency = 0,
                HighFrequency = -400,
                SnipEdges = true,
                RemoveDcOffset = false,
                MelScale = FbankMelScale.Slaney,
                ScaleToInt16 = false,
            }, metadataNormalization),
            (_, SpeakerFeaturePreset.Sherpa) => new(new FbankOptions
            {
                Window = FbankWindow.Povey,
                LowFrequency = 20,
                HighFrequency = -400,
                SnipEdges = false,
                ScaleToInt16 = scale,
            }, metadataNormalization),
            // speakerlab/process/processor.py FBank: kaldi.fbank(wav, num_mel_bins=80, sample_frequency=16000, dither=0), then mean removal.
            (SpeakerEmbeddingFramework.ThreeDSpeaker, _) => new(new FbankOptions
            {
                Window = FbankWindow.Povey,
                LowFrequency = 20,
                HighFrequency = 0,
                SnipEdges = true,
                ScaleToInt16 = scale,
            }, FeatureNormalization.GlobalMean),
            // wespeaker/bin/infer_onnx.py: kaldi.fbank(wav * 32768, 80 bins, 25/10 ms, dither 0, hamming), then CMN.
            _ => new(new FbankOptions
            {
                Window = FbankWindow.Hamming,
                LowFrequency = 20,
                HighFrequency = 0,
                SnipEdges = true,
                ScaleToInt16 = scale,
            }, FeatureNormalization.GlobalMean),
        };
    }

    public int FrameCount(int samples) => _fbank.FrameCount(samples);

    /// <summary>Writes [FrameCount, Bins] normalised features into <paramref name="features"/>.</summary>
    public void Compute(ReadOnlySpan<float> samples, Span<float> features)
    {
        int frames = FrameCount(samples.Length);
        _fbank.Compute(samples, features);
        Normalize(features[..(frames * Bins)], frames, Bins, Normalization);
    }

    public static void Normalize(Span<float> features, int frames, int bins, FeatureNormalization normalization)
    {
        if (normalization == FeatureNormalization.None || frames == 0)
        {
            return;
        }

        Span<double> mean = bins <= 256 ? stackalloc double[bins] : new double[bins];
        Span<double> square = bins <= 256 ? stackalloc double[bins] : new double[bins];
        mean.Clear();
        square.Clear();
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<float> row = features.Slice(f * bins, bins);
            for (int b = 0; b < bins; b++)
            {
                mean[b] += row[b];
                square[b] += (double)row[b] * row[b];
            }
        }

        Span<float> shift = bins <= 256 ? stackalloc float[bins] : new float[bins];
        Span<float> scale = bins <= 256 ? stackalloc float[bins] : new float[bins];
        for (int b = 0; b < bins; b++)
        {
            double m = mean[b] / frames;
            shift[b] = (float)m;
            // sherpa-onnx NormalizePerFeature: variance floored at 1e-5, then 1 / (std + 1e-5).
            scale[b] = normalization == FeatureNormalization.PerFeature
                ? (float)(1.0 / (Math.Sqrt(Math.Max(square[b] / frames - m * m, 1e-5)) + 1e-5))
                : 1f;
        }

        for (int f = 0; f < frames; f++)
        {
            Span<float> row = features.Slice(f * bins, bins);
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, shift, row);
            if (normalization == FeatureNormalization.PerFeature)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, scale, row);
            }
        }
    }
}

/// <summary>NeMo's frame settings from the export's metadata (feat_dim, window_size_ms, window_stride_ms, window_type).</summary>
public sealed record NemoFrameSettings(int Bins, int WindowMs, int StrideMs, FbankWindow Window);
