using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Admission;

/// <summary>
/// The replica's admission: a memory budget that decoded audio and buffered containers are charged to as they grow,
/// and a number of decodes that may run at once. Shared by synchronous requests, jobs and anything else that decodes.
/// </summary>
public sealed class AdmissionControl(IOptions<AdmissionOptions> options, AdmissionTelemetry telemetry, TimeProvider time)
{
    /// <summary>Bytes of memory.</summary>
    public AdmissionPool Memory { get; } = new("memory", options.Value.MemoryBudgetBytes, Megabytes, options.Value, telemetry, time);

    /// <summary>Decodes running at once.</summary>
    public AdmissionPool Decodes { get; } = new("decodes", options.Value.MaxConcurrentDecodes,
        n => n == 1 ? "1 decode" : $"{n} decodes", options.Value, telemetry, time);

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";
}
