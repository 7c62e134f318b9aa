using FunAsr.AsrService.Recognition;

namespace FunAsr.AsrService.Transcription;

/// <summary>The engine's readiness as the pipeline sees it: the recognizer once it is warmed up, else a failure to retry or report.</summary>
public sealed class ModelReadiness(SpeechEngineStatus status, IServiceProvider services)
{
    public SpeechEngineState State => status.State;

    public string? Failure => status.Error;

    /// <summary>The known-answer test model is serving (the page shows its banner, /v1/models says so).</summary>
    public bool IsTestModel => status.IsTestModel;

    /// <summary>The loaded recognizer, or <see cref="AsrFailure.Unavailable"/> the client can retry (loading) or report (failed).</summary>
    public ISpeechRecognizer Recognizer => status.State switch
    {
        SpeechEngineState.Ready => services.GetRequiredService<ISpeechRecognizer>(),
        SpeechEngineState.Failed => throw AsrException.Unavailable("model_not_loaded",
            $"The speech model is not loaded: {status.Error}", TimeSpan.FromSeconds(60)),
        _ => throw AsrException.Unavailable("model_loading",
            "The speech model is still loading and warming up; retry shortly.", TimeSpan.FromSeconds(5)),
    };

    /// <summary>Waits until the engine has loaded (or failed); for the command line, which has nothing to serve meanwhile.</summary>
    public async Task<ISpeechRecognizer> WaitAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        while (status.State == SpeechEngineState.Loading)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
        return Recognizer;
    }
}
