using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunAsr.AsrService.Diarization;

/// <summary>
/// pyannote segmentation-3.0 as sherpa-onnx exports it: <c>x</c> f32 [N,1,window] (16 kHz, [-1, 1]) →
/// <c>y</c> f32 [N,frames,classes], log-probabilities over the powerset classes. Thread-safe.
/// </summary>
public sealed class PyannoteSegmentationModel : IDisposable
{
    private const string InputName = "x";
    private const string OutputName = "y";

    private readonly InferenceSession _session;

    private PyannoteSegmentationModel(InferenceSession session, string path, SegmentationModelInfo info, string provider)
    {
        _session = session;
        Path = path;
        Info = info;
        Provider = provider;
    }

    public string Path { get; }

    public SegmentationModelInfo Info { get; }

    public string Provider { get; }

    public static PyannoteSegmentationModel Open(string path, InferenceOptions options, ILogger logger)
    {
        string onnx = DiarizationModelFile.Resolve(path, options.PreferQuantized);
        InferenceSession session = DiarizationModelFile.Open(onnx, options, logger, out string provider);
        try
        {
            var info = ReadInfo(session, onnx);
            logger.LogInformation(
                "Loaded speaker segmentation {Model} ({Type}: {Window} samples, {Frames} frames x {Classes} classes, {Speakers} local speakers) on {Provider}",
                onnx, info.ModelType, info.WindowSize, info.FramesPerWindow, info.NumClasses, info.NumSpeakers, provider);
            if (info.IsTestDouble)
            {
                logger.LogWarning("Speaker segmentation {Model} is a TEST DOUBLE: it only recognises the synthetic test voices", onnx);
            }

            return new PyannoteSegmentationModel(session, onnx, info, provider);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> windows laid out back to back in <paramref name="windows"/> and writes their
    /// log-probabilities, [count, frames, classes], into <paramref name="logits"/>.
    /// </summary>
    public void Run(float[] windows, int count, Span<float> logits)
    {
        int window = Info.WindowSize;
        int expected = count * Info.FramesPerWindow * Info.NumClasses;
        if (windows.Length < count * window || logits.Length < expected)
        {
            throw new ArgumentException($"{count} windows need {count * window} samples and {expected} outputs.");
        }

        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            windows.AsMemory(0, count * window), [count, 1, window]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [InputName], [input], [OutputName]);
        var output = outputs[0];
        long[] shape = output.GetTensorTypeAndShape().Shape;
        if (shape is not [var n, var frames, var classes] || n != count || frames != Info.FramesPerWindow || classes != Info.NumClasses)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, Path,
                $"Output y has shape [{string.Join(", ", shape)}]; [{count}, {Info.FramesPerWindow}, {Info.NumClasses}] was expected for {window}-sample windows");
        }

        output.GetTensorDataAsSpan<float>()[..expected].CopyTo(logits);
    }

    public void Dispose() => _session.Dispose();

    private static SegmentationModelInfo ReadInfo(InferenceSession session, string onnx)
    {
        if (!session.InputMetadata.TryGetValue(InputName, out var input) || input.Dimensions.Length != 3)
        {
            throw new ModelLoadException(ModelLoadFailure.MissingInput, onnx,
                $"A pyannote segmentation export has input 'x' [N, 1, samples]; this one has [{string.Join(", ", session.InputMetadata.Keys)}]");
        }

        if (input.ElementDataType != TensorElementType.Float)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx, $"Input 'x' is {input.ElementDataType}, not float");
        }

        if (!session.OutputMetadata.ContainsKey(OutputName))
        {
            throw new ModelLoadException(ModelLoadFailure.MissingOutput, onnx,
                $"A pyannote segmentation export has output 'y'; this one has [{string.Join(", ", session.OutputMetadata.Keys)}]");
        }

        var metadata = session.ModelMetadata.CustomMetadataMap;
        var info = new SegmentationModelInfo(
            DiarizationModelFile.RequireInt(metadata, "sample_rate", onnx),
            DiarizationModelFile.RequireInt(metadata, "window_size", onnx),
            DiarizationModelFile.RequireInt(metadata, "receptive_field_size", onnx),
            DiarizationModelFile.RequireInt(metadata, "receptive_field_shift", onnx),
            DiarizationModelFile.RequireInt(metadata, "num_speakers", onnx),
            DiarizationModelFile.RequireInt(metadata, "powerset_max_classes", onnx),
            DiarizationModelFile.RequireInt(metadata, "num_classes", onnx),
            metadata.GetValueOrDefault("model_type") ?? "pyannote",
            DiarizationModelFile.IsTestDouble(metadata));

        if (info.SampleRate != SpeakerDiarizer.SampleRate)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx,
                $"sample_rate is {info.SampleRate}; the pipeline feeds {SpeakerDiarizer.SampleRate} Hz audio");
        }

        if (info.WindowSize <= info.ReceptiveFieldSize || info.ReceptiveFieldShift < 1 || info.ReceptiveFieldSize < 1)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx,
                $"window_size {info.WindowSize}, receptive_field_size {info.ReceptiveFieldSize} and receptive_field_shift {info.ReceptiveFieldShift} do not describe a frame grid");
        }

        if (info.NumSpeakers is < 1 or > 8 || info.PowersetMaxClasses < 1 || info.PowersetMaxClasses > info.NumSpeakers
            || PowersetDecoder.ClassCount(info.NumSpeakers, info.PowersetMaxClasses) != info.NumClasses)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnx,
                $"num_classes {info.NumClasses} is not the powerset of {info.NumSpeakers} speakers taken at most {info.PowersetMaxClasses} at a time");
        }

        return info;
    }
}
