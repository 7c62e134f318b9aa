namespace FunAsr.AsrService.Nano;

/// <summary>A Fun-ASR-Nano LLM model folder that cannot be used, with the file and the reason in the message.</summary>
public sealed class NanoModelException(string message, Exception? inner = null) : Exception(message, inner);
