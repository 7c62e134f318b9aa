namespace FunAsr.AsrService.Nano;

/// <summary>How the Fun-ASR-Nano LLM path runs.</summary>
public sealed record NanoLlmOptions
{
    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime decide.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>"cpu" or "cuda" (Asr:Inference:ExecutionProvider); CUDA falls back to CPU with one log line.</summary>
    public string ExecutionProvider { get; init; } = "cpu";

    public int CudaDeviceId { get; init; }

    /// <summary>Take the .int8 graphs when a folder holds several precisions.</summary>
    public bool PreferQuantized { get; init; }

    /// <summary>Upper bound on generated tokens per segment (Fun-ASR uses 512).</summary>
    public int MaxNewTokens { get; init; } = 512;

    /// <summary>Stop a segment whose output has become one unit repeated over and over.</summary>
    public bool RepetitionGuard { get; init; } = true;

    /// <summary>
    /// Segments the KV-delta export decodes in one LLM call at most (rows at the same position share a call); 1 decodes
    /// one segment at a time. Each row holds a max_total_len KV cache, resident only as far as it is used.
    /// </summary>
    public int MaxBatchRows { get; init; } = 8;

    /// <summary>Calls a group of rows may wait while lower positions catch up before it runs again.</summary>
    public int MaxStallSteps { get; init; } = 32;
}
