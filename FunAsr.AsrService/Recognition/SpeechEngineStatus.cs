namespace FunAsr.AsrService.Recognition;

public enum SpeechEngineState
{
    Loading,
    Ready,
    Failed,
}

/// <summary>Whether the model is loaded and warmed up, for readiness checks (the API answers 503 until Ready).</summary>
public sealed class SpeechEngineStatus
{
    private volatile SpeechEngineState _state = SpeechEngineState.Loading;

    public SpeechEngineState State => _state;

    /// <summary>Why loading failed (the <see cref="Models.ModelLoadException"/> message), when it did.</summary>
    public string? Error { get; private set; }

    public ModelDescriptor? Model { get; private set; }

    /// <summary>Set when the model is the known-answer test model rather than a real one.</summary>
    public bool IsTestModel { get; private set; }

    internal void MarkReady(ModelDescriptor model, bool isTestModel)
    {
        Model = model;
        IsTestModel = isTestModel;
        _state = SpeechEngineState.Ready;
    }

    internal void MarkFailed(string error)
    {
        Error = error;
        _state = SpeechEngineState.Failed;
    }
}
