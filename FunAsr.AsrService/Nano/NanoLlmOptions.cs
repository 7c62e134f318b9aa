namespace FunAsr.AsrService.Nano;

/// <summary>How the Fun-ASR-Nano LLM path runs.</summary>
public sealed record NanoLlmOptions
{
    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime decide.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Take the .int8 graphs when a folder holds several precisions.</summary>
    public bool PreferQuantized { get; init; }

    /// <summary>Upper bound on generated tokens per segment (Fun-ASR uses 512).</summary>
    public int MaxNewTokens { get; init; } = 512;

    /// <summary>Stop a segment whose output has become one unit repeated over and over.</summary>
    public bool RepetitionGuard { get; init; } = true;
}
