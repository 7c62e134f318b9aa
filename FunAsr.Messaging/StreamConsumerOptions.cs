using System.ComponentModel.DataAnnotations;

namespace FunAsr.Messaging;

/// <summary>One consumer group on one Redis Stream, as a service configures it from its own options.</summary>
public sealed class StreamConsumerOptions
{
    [Required]
    public string StreamName { get; set; } = "";

    [Required]
    public string ConsumerGroup { get; set; } = "";

    /// <summary>
    /// This process's name in the group; defaults to machine name and process id, so a container restarted under the same
    /// name (process id 1) resumes its own pending entries at once. Workers after the first get a <c>-N</c> suffix.
    /// </summary>
    public string? ConsumerName { get; set; }

    /// <summary>Independent loops in this process, each its own consumer; 0 consumes nothing.</summary>
    [Range(0, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>Entries taken per read; each is handled and acknowledged before the next.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 1;

    /// <summary>How long an idle worker waits before looking again (StackExchange.Redis has no blocking reads).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// An entry pending this long on a silent consumer is taken over (XAUTOCLAIM). A worker handling an entry renews it
    /// every third of this time, so only entries of dead consumers go idle.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delete entries once acknowledged (a work queue), rather than keep them for other groups (an event log).</summary>
    public bool DeleteAfterAcknowledge { get; set; }
}
