namespace FunAsr.AsrService.Models;

public enum ModelLoadFailure
{
    /// <summary>The model folder itself does not exist.</summary>
    MissingFolder,
    /// <summary>A file the detected family needs is absent (tokens, am.mvn, the .onnx).</summary>
    MissingFile,
    /// <summary>ONNX Runtime could not read the .onnx file (truncated, not a model, unsupported operator set).</summary>
    CorruptModel,
    /// <summary>The graph lacks an input or output the family's contract requires.</summary>
    MissingInput,
    MissingOutput,
    /// <summary>The metadata or a side file is present but unusable (bad CMVN, empty token table, vocab mismatch).</summary>
    InvalidContents,
    /// <summary>The graph matches none of the supported export contracts.</summary>
    UnknownFamily,
}

/// <summary>A model folder could not be loaded; the message names the folder and the exact file, input or output.</summary>
public sealed class ModelLoadException(ModelLoadFailure failure, string modelPath, string message, Exception? inner = null)
    : Exception($"{message} (model folder '{modelPath}')", inner)
{
    public ModelLoadFailure Failure { get; } = failure;

    public string ModelPath { get; } = modelPath;
}
