using System.Buffers;
using FunAsr.AsrService.Features;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunAsr.AsrService.Diarization;

/// <summary>The three export contracts, told apart by the <c>framework</c> metadata as sherpa-onnx does.</summary>
public enum SpeakerEmbeddingFramework
{
    /// <summary>3D-Speaker CAM++ / ERes2Net(V2): <c>x</c> [N,T,80] → <c>embedding</c> [N,D].</summary>
    ThreeDSpeaker,

    /// <summary>WeSpeaker ResNet / CAM++: <c>feats</c> [B,T,80] → <c>embs</c> [B,D].</summary>
    WeSpeaker,

    /// <summary>NeMo TitaNet / SpeakerNet: features [N,80,T] + int64 length [N] → logits, embeddings (output 1).</summary>
    NeMo,
}

/// <summary>
/// A speaker-embedding extractor: samples (16 kHz, [-1, 1]) → its fixed-size embedding, with the front end its
/// framework needs (<see cref="SpeakerEmbeddingFrontend"/>). Thread-safe.
/// </summary>
public sealed class SpeakerEmbeddingModel : IDisposable
{
    // sherpa-onnx pads NeMo features to a multiple of 16 frames (the length input says how many are real).
    private const int NemoFramePadding = 16;

    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string _outputName;

    private SpeakerEmbeddingModel(InferenceSession session, string path, string provider, SpeakerEmbeddingFramework framework,
        int dimension, string? language, bool isTestDouble, SpeakerEmbeddingFrontend frontend)
    {
        _session = session;
        Path = path;
        Provider = provider;
        Framework = framework;
        Dimension = dimension;
        Language = language;
        IsTestDouble = isTestDouble;
        Frontend = frontend;
        _inputNames = session.InputNames.ToArray();
        _outputName = session.OutputNames[framework == SpeakerEmbeddingFramework.NeMo ? 1 : 0];
    }

    public string Path { get; }

    public string Provider { get; }

    public SpeakerEmbeddingFramework Framework { get; }

    public int Dimension { get; }

    public string? Language { get; }

    public bool IsTestDouble { get; }

    public SpeakerEmbeddingFrontend Frontend { get; }

    public static SpeakerEmbeddingModel Open(string path, InferenceOptions options, SpeakerFeaturePreset preset, ILogger logger)
    {
        string onnx = DiarizationModelFile.Resolve(path, preferQuantized: false);
        InferenceSession session = DiarizationModelFile.Open(onnx, options, logger, out string provider);
        try
        {
            var metadata = session.ModelMetadata.CustomMetadataMap;
            var framework = DiarizationModelFile.RequireString(metadata, "framework", onnx) switch
            {
                "3d-speaker" => SpeakerEmbeddingFramework.ThreeDSpeaker,
                "wespeaker" => SpeakerEmbeddingFramework.WeSpeaker,
                "nemo" => SpeakerEmbeddingFramework.NeMo,
                var other => throw new ModelLoadException(ModelLoadFailure.UnknownFamily, onnx,
                    $"framework '{other}' is none of 3d-speaker, wespeaker, nemo"),
            };
            int dimension = DiarizationModelFile.RequireInt(metadata, "output_dim", onnx);
            int sampleRate = DiarizationModelFile.RequireInt(metadata, "sample_rate", onnx);
            if (sampleRate != SpeakerDiarizer.SampleRate)
            {
                throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx,
                    $"sample_rate is {sampleRate}; the pipeline feeds {SpeakerDiarizer.SampleRate} Hz audio");
            }

            if (dimension < 1)
            {
                throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx, $"output_dim is {dimension}");
            }

            var normalization = metadata.GetValueOrDefault("feature_normalize_type") switch
            {
                null or "" => FeatureNormalization.None,
                "global-mean" => FeatureNormalization.GlobalMean,
                "per_feature" => FeatureNormalization.PerFeature,
                var other => throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx,
                    $"feature_normalize_type '{other}' is not supported (global-mean, per_feature)"),
            };
            NemoFrameSettings? nemo = framework == SpeakerEmbeddingFramework.NeMo ? ReadNemo(metadata, onnx) : null;
            // WeSpeaker exports say normalize_samples=0 (×32768), 3D-Speaker 1; NeMo always takes [-1, 1].
            bool normalizeSamples = (DiarizationModelFile.OptionalInt(metadata, "normalize_samples", onnx) ?? 1) != 0;
            var frontend = SpeakerEmbeddingFrontend.For(framework, preset, normalizeSamples, normalization, nemo);
            CheckGraph(session, framework, frontend.Bins, dimension, onnx);

            var model = new SpeakerEmbeddingModel(session, onnx, provider, framework, dimension,
                metadata.GetValueOrDefault("language"), DiarizationModelFile.IsTestDouble(metadata), frontend);
            logger.LogInformation("Loaded speaker embedding {Model} ({Framework}, {Dimension}-d, {Preset} front end) on {Provider}",
                onnx, framework, dimension, preset, provider);
            if (model.IsTestDouble)
            {
                logger.LogWarning("Speaker embedding {Model} is a TEST DOUBLE: it only recognises the synthetic test voices", onnx);
            }

            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Frames the front end makes of <paramref name="samples"/> samples; 0 means too short to embed.</summary>
    public int FrameCount(int samples) => Frontend.FrameCount(samples);

    /// <summary>The embedding of <paramref name="samples"/>, or null when they are too short or the model returns NaN.</summary>
    public float[]? Compute(ReadOnlySpan<float> samples)
    {
        int frames = Frontend.FrameCount(samples.Length);
        if (frames == 0)
        {
            return null;
        }

        int bins = Frontend.Bins;
        bool nemo = Framework == SpeakerEmbeddingFramework.NeMo;
        int padded = nemo ? (frames + NemoFramePadding - 1) / NemoFramePadding * NemoFramePadding : frames;
        float[] features = ArrayPool<float>.Shared.Rent(frames * bins);
        float[]? transposed = nemo ? ArrayPool<float>.Shared.Rent(padded * bins) : null;
        try
        {
            Frontend.Compute(samples, features);
            using var runOptions = new RunOptions();
            if (transposed is not null)
            {
                Transpose(features.AsSpan(0, frames * bins), frames, bins, padded, transposed.AsSpan(0, padded * bins));
                using var x = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                    transposed.AsMemory(0, padded * bins), [1, bins, padded]);
                using var length = OrtValue.CreateTensorValueFromMemory(new long[] { frames }, [1]);
                using var outputs = _session.Run(runOptions, _inputNames, [x, length], [_outputName]);
                return Read(outputs[0]);
            }
            else
            {
                using var x = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                    features.AsMemory(0, frames * bins), [1, frames, bins]);
                using var outputs = _session.Run(runOptions, _inputNames, [x], [_outputName]);
                return Read(outputs[0]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(features);
            if (transposed is not null)
            {
                ArrayPool<float>.Shared.Return(transposed);
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private float[]? Read(OrtValue output)
    {
        ReadOnlySpan<float> values = output.GetTensorDataAsSpan<float>();
        if (values.Length < Dimension)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, Path,
                $"Output {_outputName} has {values.Length} values; output_dim says {Dimension}");
        }

        float[] embedding = values[..Dimension].ToArray();
        return embedding.Any(float.IsNaN) ? null : embedding;
    }

    // [frames, bins] → [bins, padded], zeros past the last frame.
    private static void Transpose(ReadOnlySpan<float> features, int frames, int bins, int padded, Span<float> destination)
    {
        destination.Clear();
        for (int f = 0; f < frames; f++)
        {
            for (int b = 0; b < bins; b++)
            {
                destination[b * padded + f] = features[f * bins + b];
            }
        }
    }

    private static NemoFrameSettings ReadNemo(IReadOnlyDictionary<string, string> metadata, string onnx) => new(
        DiarizationModelFile.RequireInt(metadata, "feat_dim", onnx),
        DiarizationModelFile.RequireInt(metadata, "window_size_ms", onnx),
        DiarizationModelFile.RequireInt(metadata, "window_stride_ms", onnx),
        metadata.GetValueOrDefault("window_type") switch
        {
            null or "povey" => FbankWindow.Povey,
            "hann" => FbankWindow.Hann,
            "hamming" => FbankWindow.Hamming,
            var other => throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx, $"window_type '{other}' is not supported (hann, hamming, povey)"),
        });

    private static void CheckGraph(InferenceSession session, SpeakerEmbeddingFramework framework, int bins, int dimension, string onnx)
    {
        var inputs = session.InputMetadata.Values.ToArray();
        var outputs = session.OutputMetadata.Values.ToArray();
        string shape = $"inputs [{string.Join(", ", session.InputNames)}], outputs [{string.Join(", ", session.OutputNames)}]";
        bool nemo = framework == SpeakerEmbeddingFramework.NeMo;
        int featureAxis = nemo ? 1 : 2;
        bool ok = inputs.Length == (nemo ? 2 : 1)
            && inputs[0].ElementDataType == TensorElementType.Float
            && inputs[0].Dimensions.Length == 3
            && inputs[0].Dimensions[featureAxis] is var feat && (feat <= 0 || feat == bins)
            && (!nemo || (inputs[1].ElementDataType == TensorElementType.Int64 && inputs[1].Dimensions.Length == 1))
            && outputs.Length >= (nemo ? 2 : 1);
        if (!ok)
        {
            throw new ModelLoadException(ModelLoadFailure.MissingInput, onnx, framework switch
            {
                SpeakerEmbeddingFramework.NeMo => $"A NeMo export takes features f32 [N,{bins},T] and length i64 [N] and returns logits and embeddings; this one has {shape}",
                _ => $"A {framework} export takes one f32 input [N,T,{bins}] and returns [N,D]; this one has {shape}",
            });
        }

        var embedding = outputs[nemo ? 1 : 0];
        if (embedding.Dimensions.Length != 2 || (embedding.Dimensions[1] > 0 && embedding.Dimensions[1] != dimension))
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx,
                $"The embedding output is [{string.Join(", ", embedding.Dimensions)}]; output_dim says {dimension}");
        }
    }
}
