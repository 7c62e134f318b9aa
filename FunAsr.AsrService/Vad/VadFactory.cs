namespace FunAsr.AsrService.Vad;

public enum VadKind
{
    /// <summary>Built-in energy segmenter; used when the model folder has no VAD model.</summary>
    Energy,
    /// <summary>FunASR FSMN-VAD: <c>fsmn-vad/model.onnx</c> (or model_quant.onnx) with <c>fsmn-vad/am.mvn</c>.</summary>
    Fsmn,
    /// <summary>Silero VAD v5: <c>silero_vad.onnx</c>.</summary>
    Silero,
}

/// <summary>Picks the voice-activity detector a model folder provides: FSMN-VAD, then Silero, else the energy segmenter.</summary>
public static class VadFactory
{
    public const string FsmnFolderName = "fsmn-vad";
    public const string SileroFileName = "silero_vad.onnx";

    public static VadKind Select(string? modelFolder) =>
        FindFsmnModel(modelFolder) is not null ? VadKind.Fsmn
        : modelFolder is not null && File.Exists(Path.Combine(modelFolder, SileroFileName)) ? VadKind.Silero
        : VadKind.Energy;

    /// <summary>The caller owns the detector; ONNX-backed ones are <see cref="IDisposable"/>.</summary>
    public static IVoiceActivityDetector Create(string? modelFolder, VadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (Select(modelFolder))
        {
            case VadKind.Fsmn:
                string model = FindFsmnModel(modelFolder)!;
                string mvn = Path.Combine(Path.GetDirectoryName(model)!, "am.mvn");
                if (!File.Exists(mvn))
                {
                    throw new FileNotFoundException($"FSMN-VAD model '{model}' needs its CMVN file '{mvn}', which is missing.", mvn);
                }

                return new FsmnVoiceActivityDetector(model, mvn, options);
            case VadKind.Silero:
                return new SileroVoiceActivityDetector(Path.Combine(modelFolder!, SileroFileName), options);
            default:
                return new EnergyVoiceActivityDetector(options);
        }
    }

    private static string? FindFsmnModel(string? modelFolder)
    {
        if (modelFolder is null)
        {
            return null;
        }

        string folder = Path.Combine(modelFolder, FsmnFolderName);
        return new[] { "model.onnx", "model_quant.onnx" }
            .Select(name => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }
}
