namespace FunAsr.AsrService.Recognition;

/// <summary>Loads the model at start-up and runs one recognition so the first request does not pay for it.</summary>
public sealed class SpeechEngineWarmup(
    IServiceProvider services, SpeechModelProvider models, SpeechEngineStatus status, ILogger<SpeechEngineWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var recognizer = services.GetRequiredService<ISpeechRecognizer>();
            await recognizer.RecognizeAsync(new AudioClip(new float[AudioClip.EngineSampleRate]), new RecognitionOptions(), stoppingToken);
            status.MarkReady(recognizer.Model, models.IsKnownAnswerModel);
            logger.LogInformation("Speech engine ready: {Model} ({Family}) from {Path}", recognizer.Model.Id, recognizer.Model.Family, recognizer.Model.Path);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            status.MarkFailed(ex.Message);
            logger.LogCritical(ex, "Speech engine failed to load: {Reason}", ex.Message);
        }
    }
}
