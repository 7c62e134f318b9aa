namespace FunAsr.AsrService.Models;

/// <summary>Where a model's CMVN statistics come from (SenseVoice only; Fun-ASR-Nano uses none).</summary>
public abstract record CmvnSource
{
    /// <summary>Kaldi nnet text file (FunASR's am.mvn): AddShift then Rescale.</summary>
    public sealed record AmMvnFile(string Path) : CmvnSource;

    /// <summary>Comma-separated <c>neg_mean</c> / <c>inv_stddev</c> ONNX metadata (sherpa-onnx exports).</summary>
    public sealed record Metadata(string NegMean, string InvStddev) : CmvnSource;
}

/// <summary>The names of the graph's inputs and outputs for the detected family.</summary>
public sealed record ModelSignature(
    string Features,
    string? FeatureLengths,
    string? Language,
    string? TextNorm,
    string Logits,
    string? LogitLengths);

/// <summary>Everything the engine needs to know about one model folder, detected from its files and ONNX metadata.</summary>
public sealed record SpeechModelDefinition
{
    public required ModelFamily Family { get; init; }
    public required string FolderPath { get; init; }
    public required string OnnxPath { get; init; }
    public required string TokensPath { get; init; }
    public required ModelSignature Signature { get; init; }
    public CmvnSource? Cmvn { get; init; }

    /// <summary>Kaldi snip_edges: true for FunASR exports, false for sherpa-onnx's Nano front end.</summary>
    public bool SnipEdges { get; init; } = true;

    /// <summary>Multiply [-1, 1] samples by 32768 before the fbank (sherpa metadata normalize_samples=0).</summary>
    public bool ScaleToInt16 { get; init; } = true;

    public int LfrWindow { get; init; } = 7;
    public int LfrShift { get; init; } = 6;
    public int MelBins { get; init; } = 80;
    public int FeatureDimension => MelBins * LfrWindow;

    /// <summary>Leading output frames that carry tags rather than speech (SenseVoice: language, emotion, event, ITN).</summary>
    public int PrefixFrames { get; init; }

    public required int BlankId { get; init; }

    /// <summary>Language name ("auto", "zh", ...) → the id the <c>language</c> input takes.</summary>
    public IReadOnlyDictionary<string, int> LanguageIds { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// ISO codes the model offers, "auto" first: the language input's ids (SenseVoice), or, for a graph without one
    /// (Fun-ASR-Nano CTC), its checkpoint's languages.
    /// </summary>
    public IReadOnlyList<string> Languages { get; init; } = ["auto"];

    public int? WithItnId { get; init; }
    public int? WithoutItnId { get; init; }

    /// <summary>Tokens are base64 byte strings (Fun-ASR-Nano).</summary>
    public bool Base64Tokens { get; init; }

    /// <summary>Largest batch the graph accepts: 1 when its batch dimension is fixed.</summary>
    public int MaxBatch { get; init; } = int.MaxValue;

    /// <summary>Output length for <paramref name="featureFrames"/> input frames when the graph reports none.</summary>
    public int OutputFrames(int featureFrames) => featureFrames + PrefixFrames;
}
