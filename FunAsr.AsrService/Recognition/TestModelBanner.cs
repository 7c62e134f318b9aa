
namespace FunAsr.AsrService.Recognition;

/// <summary>
/// Once the engine is ready, says loudly when the model serving requests is the known-answer test model,
/// so nobody mistakes a demo deployment for a working one.
/// </summary>
public sealed class TestModelBanner(SpeechEngineStatus status, TimeProvider timeProvider, ILogger<TestModelBanner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (status.State == SpeechEngineState.Loading)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (status.State == SpeechEngineState.Ready && status.IsTestModel)
        {
            const string rule = "************************************************************************";
            logger.LogWarning(
                "\n{Rule}\n*** THE KNOWN-ANSWER TEST MODEL IS SERVING REQUESTS ({Path}).\n*** It recognises synthetic tone words only, not speech.\n*** Fetch a real model into models/ (models/README.md) and set Asr:Model:Path.\n{Rule}",
                rule, status.Model?.Path, rule);
        }
        else if (status.State == SpeechEngineState.Failed)
        {
            logger.LogCritical("Transcription answers 503 until the model loads: {Reason}", status.Error);
        }
    }
}
