using System.Diagnostics;
using FunAsr.AsrService.Recognition;

namespace FunAsr.AsrService.Api.Health;

/// <summary>Loads the model and runs one warm-up recognition in the background, so start-up is not blocked and readiness is honest.</summary>
public sealed class ModelWarmupService(
    IServiceProvider services, ModelReadiness readiness, TimeProvider timeProvider, ILogger<ModelWarmupService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var started = timeProvider.GetTimestamp();
        ISpeechRecognizer recognizer;
        try
        {
            using var activity = AsrTelemetryActivity("asr.model.load");
            recognizer = services.GetService<ISpeechRecognizer>()
                ?? throw new InvalidOperationException("no speech engine is registered (AddSpeechEngine was not called)");
            var warmup = new AudioClip(new float[AudioClip.EngineSampleRate]);
            await recognizer.RecognizeAsync(warmup, new RecognitionOptions(), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            var reason = ex is InvalidOperationException or FileNotFoundException or DirectoryNotFoundException
                ? ex.Message
                : $"{ex.GetType().Name}: {ex.Message}";
            readiness.MarkFailed(reason);
            logger.LogError(ex, "The speech model failed to load; transcription answers 503 until restart: {Reason}", reason);
            return;
        }

        readiness.MarkReady(recognizer);
        var model = recognizer.Model;
        logger.LogInformation("Model {ModelId} ({Family}) loaded from {Path} and warmed up in {Elapsed:0} ms; languages: {Languages}",
            model.Id, model.Family, model.Path, timeProvider.GetElapsedTime(started).TotalMilliseconds, string.Join(", ", model.Languages));
        if (IsKnownAnswerModel(model))
        {
            const string bar = "************************************************************************";
            logger.LogWarning(
                "{Bar}\n*** THE KNOWN-ANSWER TEST MODEL IS LOADED ({Path}).\n*** It only recognises synthetic tone words, not speech.\n*** Fetch a real model into models/ (see models/README.md) and set Asr:Engine accordingly.\n{Bar}",
                bar, model.Path, bar);
        }
    }

    public static bool IsKnownAnswerModel(ModelDescriptor model) =>
        model.Id.Contains("known-answer", StringComparison.OrdinalIgnoreCase)
        || model.Family.Contains("known-answer", StringComparison.OrdinalIgnoreCase)
        || model.Path.Replace('\\', '/').Contains("testing/known-answer", StringComparison.OrdinalIgnoreCase);

    private static Activity? AsrTelemetryActivity(string name) => Telemetry.AsrTelemetry.ActivitySource.StartActivity(name);
}
