using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Caching;

/// <summary>The transcript result cache (section <c>Asr:Cache</c>).</summary>
public sealed class CacheOptions
{
    public const string SectionName = "Asr:Cache";

    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);
}
