using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Admission;

/// <summary>What one replica lets run at once (section <c>Asr:Admission</c>).</summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "Asr:Admission";

    /// <summary>
    /// Memory the replica's requests and jobs may hold at once for decoded audio and buffered containers. A 30-minute
    /// synchronous request needs about 115 MB (16 kHz float32), a 4-hour job about 920 MB.
    /// </summary>
    [Range(16, 1L << 20)]
    public long MemoryBudgetMegabytes { get; set; } = 1536;

    /// <summary>Decodes (ffmpeg processes or WAV reads) running at once; more wait their turn.</summary>
    [Range(1, 256)]
    public int MaxConcurrentDecodes { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Requests that may wait for memory or a decode slot at once; beyond it they are refused at once.</summary>
    [Range(0, 100_000)]
    public int MaxQueueLength { get; set; } = 256;

    /// <summary>How long a request waits for memory or a decode slot before it is refused with 503 and Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(30);

    internal long MemoryBudgetBytes => MemoryBudgetMegabytes * 1024 * 1024;
}
