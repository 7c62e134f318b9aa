using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Inference;

/// <summary>How ONNX Runtime sessions are created (configuration section <c>Asr:Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>Threads for one operator; 0 lets ONNX Runtime use every core.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>"all" (default), "extended", "basic" or "disabled".</summary>
    [RegularExpression("^(?i)(all|extended|basic|disabled)$", ErrorMessage = "GraphOptimization must be all, extended, basic or disabled")]
    public string GraphOptimization { get; set; } = "all";

    /// <summary>"cpu" (default) or "cuda"; CUDA falls back to CPU with one log line when it cannot start.</summary>
    [RegularExpression("^(?i)(cpu|cuda)$", ErrorMessage = "ExecutionProvider must be cpu or cuda")]
    public string ExecutionProvider { get; set; } = "cpu";

    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>Prefer model_quant.onnx / model.int8.onnx when a folder has both.</summary>
    public bool PreferQuantized { get; set; }
}
