using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunAsr.AsrService.Speakers;

/// <summary>Diarization is optional: not configured is healthy (and says so); models that failed to load are Degraded, not down.</summary>
public sealed class DiarizationHealthCheck(DiarizationEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(engine.State switch
        {
            DiarizationState.Failed => HealthCheckResult.Degraded($"Diarization models failed to load: {engine.Failure}"),
            DiarizationState.NotConfigured => HealthCheckResult.Healthy("Diarization is not configured (no models); diarize=true is refused."),
            DiarizationState.Loading => HealthCheckResult.Healthy("Diarization models are loading."),
            _ => HealthCheckResult.Healthy(engine.Diarizer.IsTestDouble ? "Diarization runs on the known-answer TEST DOUBLES." : "Diarization ready."),
        });
}
