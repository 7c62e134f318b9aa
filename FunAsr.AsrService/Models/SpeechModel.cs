using FunAsr.AsrService.Decoding;
using FunAsr.AsrService.Features;
using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Models;

/// <summary>A loaded model: its definition, token table, CMVN statistics and its one ONNX Runtime session.</summary>
public sealed class SpeechModel(SpeechModelDefinition definition, TokenTable tokens, Cmvn? cmvn, InferenceSession session, string executionProvider)
    : IDisposable
{
    public SpeechModelDefinition Definition { get; } = definition;

    public TokenTable Tokens { get; } = tokens;

    /// <summary>Null for families without CMVN (Fun-ASR-Nano).</summary>
    public Cmvn? Cmvn { get; } = cmvn;

    public InferenceSession Session { get; } = session;

    /// <summary>"cpu" or "cuda": where the session actually runs.</summary>
    public string ExecutionProvider { get; } = executionProvider;

    public void Dispose() => Session.Dispose();
}
