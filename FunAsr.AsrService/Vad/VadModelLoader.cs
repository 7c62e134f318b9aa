using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace FunAsr.AsrService.Vad;

/// <summary>Opens a VAD model with a precise error for a missing file, an unreadable model or a wrong input contract.</summary>
internal static class VadModelLoader
{
    public static InferenceSession Open(string modelPath, VadOptions options, params string[] requiredInputs)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"VAD model '{modelPath}' does not exist.", modelPath);
        }

        InferenceSession session;
        using (var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        })
        {
            try
            {
                session = new InferenceSession(modelPath, sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new InvalidDataException($"VAD model '{modelPath}' could not be loaded: {ex.Message}", ex);
            }
        }

        string[] missing = requiredInputs.Where(name => !session.InputMetadata.ContainsKey(name)).ToArray();
        if (missing.Length > 0)
        {
            string present = string.Join(", ", session.InputMetadata.Keys);
            session.Dispose();
            throw new InvalidDataException(
                $"VAD model '{modelPath}' lacks input(s) {string.Join(", ", missing)}; it has {present}.");
        }

        return session;
    }
}
