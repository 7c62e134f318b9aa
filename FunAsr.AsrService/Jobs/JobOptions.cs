using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Jobs;

/// <summary>Long-audio jobs on a Redis Stream (section <c>Asr:Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string SectionName = "Asr:Jobs";

    /// <summary>Folder shared by all replicas where uploaded audio waits for its job (and stays for playback afterwards).</summary>
    [Required]
    public string StoragePath { get; set; } = Path.Combine(Path.GetTempPath(), "funasr-asr-jobs");

    /// <summary>Upper bound on the folder; finished jobs' recordings are evicted oldest first, then uploads are refused.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long MaxStoredBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    [Range(1, 48 * 3600)]
    public double MaxDurationSeconds { get; set; } = 4 * 3600;

    /// <summary>How long a job may go without its worker's heartbeat before another replica takes it over (XAUTOCLAIM).</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker looks for new or abandoned jobs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(0, 64)]
    public int WorkersPerReplica { get; set; } = 1;

    /// <summary>A job whose workers keep dying is failed after this many starts instead of being retried forever.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long a finished job's recording stays available to <c>/api/asr/recordings/{id}</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan RecordingRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a finished job's status and result stay in Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long one of a caller's concurrent-job slots stays taken without being renewed: a running job renews it as it
    /// progresses and frees it when it ends, so this bounds what a job lost with a crashed replica (or queued for longer) holds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan SlotLease { get; set; } = TimeSpan.FromHours(6);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    [Required]
    public string StreamName { get; set; } = "asr:jobs";

    [Required]
    public string ConsumerGroup { get; set; } = "asr-workers";

    [Required]
    public string TranscriptsStream { get; set; } = "transcripts";

    [Range(100, 10_000_000)]
    public int TranscriptsStreamMaxLength { get; set; } = 10_000;
}
