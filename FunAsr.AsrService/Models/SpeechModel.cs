using FunAsr.AsrService.Decoding;
using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Models;

/// <summary>A loaded model: its definition, its token table and its one ONNX Runtime session.</summary>
public sealed class SpeechModel(SpeechModelDefinition definition, TokenTable tokens, InferenceSession session, string executionProvider)
    : IDisposable
{
    public SpeechModelDefinition Definition { get; } = definition;

    public TokenTable Tokens { get; } = tokens;

    public InferenceSession Session { get; } = session;

    /// <summary>"cpu" or "cuda": where the session actually runs.</summary>
    public string ExecutionProvider { get; } = executionProvider;

    public void Dispose() => Session.Dispose();
}
