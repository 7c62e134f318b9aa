using FunAsr.AsrService.Recognition;

namespace FunAsr.AsrService.Api.Health;

/// <summary>The API's view of the engine's readiness: requests get the recognizer once it is warmed up, else a 503.</summary>
public sealed class ModelReadiness(SpeechEngineStatus status, IServiceProvider services)
{
    public SpeechEngineState State => status.State;

    public string? Failure => status.Error;

    /// <summary>The known-answer test model is serving (the page shows its banner, /v1/models says so).</summary>
    public bool IsTestModel => status.IsTestModel;

    /// <summary>The loaded recognizer, or a 503 the client can retry (loading) or report (failed).</summary>
    public ISpeechRecognizer Recognizer => status.State switch
    {
        SpeechEngineState.Ready => services.GetRequiredService<ISpeechRecognizer>(),
        SpeechEngineState.Failed => throw ApiError.Unavailable("model_not_loaded",
            $"The speech model is not loaded: {status.Error}", TimeSpan.FromSeconds(60)),
        _ => throw ApiError.Unavailable("model_loading",
            "The speech model is still loading and warming up; retry shortly.", TimeSpan.FromSeconds(5)),
    };
}
