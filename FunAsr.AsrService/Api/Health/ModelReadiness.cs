using FunAsr.AsrService.Recognition;

namespace FunAsr.AsrService.Api.Health;

public enum ModelState { Loading, Ready, Failed }

/// <summary>Whether the engine's model is loaded and warmed up; requests get 503 until it is.</summary>
public sealed class ModelReadiness
{
    private volatile ModelState _state = ModelState.Loading;
    private ISpeechRecognizer? _recognizer;
    private string? _failure;

    public ModelState State => _state;

    public string? Failure => _failure;

    public ModelDescriptor? Model => _state == ModelState.Ready ? _recognizer!.Model : null;

    /// <summary>The loaded recognizer, or a 503 the client can retry (loading) or report (failed).</summary>
    public ISpeechRecognizer Recognizer => _state switch
    {
        ModelState.Ready => _recognizer!,
        ModelState.Failed => throw ApiError.Unavailable("model_not_loaded",
            $"The speech model is not loaded: {_failure}", TimeSpan.FromSeconds(60)),
        _ => throw ApiError.Unavailable("model_loading",
            "The speech model is still loading and warming up; retry shortly.", TimeSpan.FromSeconds(5)),
    };

    public void MarkReady(ISpeechRecognizer recognizer)
    {
        _recognizer = recognizer;
        _state = ModelState.Ready;
    }

    public void MarkFailed(string reason)
    {
        _failure = reason;
        _state = ModelState.Failed;
    }
}
