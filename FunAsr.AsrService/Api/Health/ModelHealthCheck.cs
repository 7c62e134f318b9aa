using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunAsr.AsrService.Api.Health;

/// <summary>Ready means the model is loaded and warmed up.</summary>
public sealed class ModelHealthCheck(ModelReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.State switch
        {
            ModelState.Ready => HealthCheckResult.Healthy($"model {readiness.Model!.Id} loaded and warmed up"),
            ModelState.Failed => HealthCheckResult.Unhealthy($"model failed to load: {readiness.Failure}"),
            _ => HealthCheckResult.Unhealthy("model loading"),
        });
}
