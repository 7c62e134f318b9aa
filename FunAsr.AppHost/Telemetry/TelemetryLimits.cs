using System.ComponentModel.DataAnnotations;

namespace FunAsr.AppHost.Telemetry;

/// <summary>Bounds of the in-memory telemetry store and the receiver (configuration section <c>Dashboard:Telemetry</c>).</summary>
public sealed class TelemetryLimits
{
    public const string SectionName = "Dashboard:Telemetry";

    [Range(100, 10_000_000)]
    public int MaxSpans { get; set; } = 50_000;

    [Range(100, 10_000_000)]
    public int MaxLogs { get; set; } = 50_000;

    [Range(10, 1_000_000)]
    public int MaxPointsPerSeries { get; set; } = 1_000;

    [Range(1, 100_000)]
    public int MaxSeries { get; set; } = 2_000;

    /// <summary>Largest OTLP body accepted, before and after gzip (Aspire's dashboard also allows 4 MB).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;
}
