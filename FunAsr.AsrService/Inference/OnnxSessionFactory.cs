using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace FunAsr.AsrService.Inference;

/// <summary>Creates the one InferenceSession a model gets, honouring <see cref="InferenceOptions"/>.</summary>
public static class OnnxSessionFactory
{
    /// <summary>Returns the session and the provider it actually runs on ("cuda" or "cpu").</summary>
    public static (InferenceSession Session, string Provider) Create(string onnxPath, InferenceOptions options, ILogger logger)
    {
        if (string.Equals(options.ExecutionProvider, "cuda", StringComparison.OrdinalIgnoreCase))
        {
            var cudaOptions = CreateSessionOptions(options);
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                return (new InferenceSession(onnxPath, cudaOptions), "cuda");
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or OnnxRuntimeException or TypeInitializationException)
            {
                cudaOptions.Dispose();
                // A CPU-only runtime package has no CUDA entry point; a GPU package without drivers fails at session start.
                logger.LogWarning("CUDA execution provider unavailable ({Reason}); running {Model} on CPU", FirstLine(ex.Message), Path.GetFileName(onnxPath));
            }
        }

        var cpuOptions = CreateSessionOptions(options);
        try
        {
            return (new InferenceSession(onnxPath, cpuOptions), "cpu");
        }
        catch
        {
            cpuOptions.Dispose();
            throw;
        }
    }

    private static SessionOptions CreateSessionOptions(InferenceOptions options) => new()
    {
        IntraOpNumThreads = options.IntraOpThreads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = options.GraphOptimization.ToLowerInvariant() switch
        {
            "disabled" => GraphOptimizationLevel.ORT_DISABLE_ALL,
            "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
            "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
        },
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
