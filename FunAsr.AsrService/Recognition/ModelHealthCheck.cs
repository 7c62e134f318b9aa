using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunAsr.AsrService.Recognition;

/// <summary>Ready means the model is loaded and warmed up.</summary>
public sealed class ModelHealthCheck(SpeechEngineStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.State switch
        {
            SpeechEngineState.Ready => HealthCheckResult.Healthy(
                $"model {status.Model!.Id} loaded and warmed up{(status.IsTestModel ? " (known-answer TEST model)" : string.Empty)}"),
            SpeechEngineState.Failed => HealthCheckResult.Unhealthy($"model failed to load: {status.Error}"),
            _ => HealthCheckResult.Unhealthy("model loading"),
        });
}
