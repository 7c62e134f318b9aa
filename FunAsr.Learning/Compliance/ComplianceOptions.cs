using System.ComponentModel.DataAnnotations;

namespace FunAsr.Learning.Compliance;

/// <summary>Section <c>Compliance</c>.</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>Receivers of signed event deliveries (alerts, acknowledgements, completions, reports, deletions).</summary>
    public List<WebhookReceiverOptions> Webhooks { get; set; } = [];

    [Required] public WebhookDispatchOptions WebhookDispatch { get; set; } = new();

    [Required] public TrainingOptions Training { get; set; } = new();

    [Required] public AttestationOptions Attestation { get; set; } = new();

    [Required] public ReminderOptions Reminders { get; set; } = new();

    [Required] public ReportOptions Reports { get; set; } = new();

    [Required] public RetentionOptions Retention { get; set; } = new();

    [Required] public AuditOptions Audit { get; set; } = new();

    [Required] public CertificateOptions Certificates { get; set; } = new();

    [Required] public LiveOptions Live { get; set; } = new();

    /// <summary>Fonts for PDFs, tried in order; the first that exists is used (it must cover Chinese).</summary>
    public List<string> PdfFonts { get; set; } =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ];
}

public sealed class WebhookReceiverOptions
{
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,100}$")] public string Name { get; set; } = "";

    [Required] public Uri? Url { get; set; }

    /// <summary>The HMAC-SHA256 key the receiver checks <c>X-FunAsr-Signature</c> with (at least 16 characters).</summary>
    [Required, MinLength(16)] public string Secret { get; set; } = "";

    /// <summary>Events to send (alert.raised, alert.acknowledged, training.completed, training.reminder, report.generated, retention.deleted); empty means all.</summary>
    public List<string> Events { get; set; } = [];
}

public sealed class WebhookDispatchOptions
{
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")] public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(1);
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan MaxRetry { get; set; } = TimeSpan.FromMinutes(5);
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")] public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    [Range(1, 500)] public int BatchSize { get; set; } = 50;
}

public sealed class TrainingOptions
{
    /// <summary>Share of an assigned lecture that must have been watched when the assignment does not say.</summary>
    [Range(0.0, 1.0)] public double DefaultWatchShare { get; set; } = 0.9;

    /// <summary>The attestation text when the assignment gives none; {title} is the course's title.</summary>
    [Required] public string DefaultAttestationText { get; set; } = "I confirm that I have completed \"{title}\", understood it, and will follow it.";
}

public sealed class AttestationOptions
{
    /// <summary>How recently the person must have entered their password or signed in again with single sign-on.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")] public TimeSpan MaxAuthenticationAge { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class ReminderOptions
{
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A due-soon reminder goes out this many days before the due date.</summary>
    [Range(0, 365)] public int DueSoonDays { get; set; } = 3;

    /// <summary>Reminders go out at this hour of the person's own day (0–23), never at night.</summary>
    [Range(0, 23)] public int SendFromHour { get; set; } = 9;
    [Range(1, 24)] public int SendUntilHour { get; set; } = 18;
}

public sealed class ReportOptions
{
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromMinutes(5);
    [Range(1, 100_000)] public int MaxRowsPerSection { get; set; } = 20_000;
}

public sealed class RetentionOptions
{
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")] public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    [Range(1, 10_000)] public int BatchSize { get; set; } = 500;
    [Required] public Uri QaBot { get; set; } = new("http://qabot");
    [Required] public Uri Asr { get; set; } = new("http://asr");
}

public sealed class AuditOptions
{
    /// <summary>How often the chain is walked in the background (the result is a metric and, when broken, an alert).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")] public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The ECDSA P-256 private key (PEM) that signs checkpoints of the chain's head. Unset: one is generated once and kept
    /// in the data folder (<c>compliance/anchor-key.pem</c>, mode 0600). Several replicas must share one.
    /// </summary>
    public string? AnchorKey { get; set; }

    /// <summary>Public keys (PEM) of earlier anchor keys, so checkpoints they signed still verify after a rotation.</summary>
    public List<string> RetiredAnchorKeys { get; set; } = [];

    /// <summary>How often the head is checkpointed when it changed (and always right after a report).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Folder of the append-only checkpoint file (<c>checkpoints.jsonl</c>); default <c>compliance/anchors</c> in the data
    /// folder. A deployment points it at storage the database's administrators cannot write (another volume, a mount
    /// shipped off the machine).
    /// </summary>
    public string? AnchorDirectory { get; set; }

    /// <summary>Checkpoints kept in the Redis stream (older ones are trimmed; the file keeps them all).</summary>
    [Range(100, 10_000_000)] public int AnchorStreamLength { get; set; } = 100_000;
}

public sealed class CertificateOptions
{
    /// <summary>The public address the QR code opens (the gateway's, as people reach it); <c>/verify/{id}</c> is appended.</summary>
    public Uri? PublicBaseUrl { get; set; }
}

/// <summary>
/// What the speech service hears live: findings consumed from the shared Redis, and the term list shared there; and the
/// clear-text views the Q&amp;A service reports on the same Redis.
/// </summary>
public sealed class LiveOptions
{
    /// <summary>How often the findings, access and redactions streams are looked at when idle: well under the 2 s an alert may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the term list is checked for changes and shared.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")] public TimeSpan TermListPublishInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consume live findings (off: another replica does, or none is wanted).</summary>
    public bool ConsumeFindings { get; set; } = true;

    /// <summary>Consume clear-text views into the audit trail (off: another replica does).</summary>
    public bool ConsumeAccess { get; set; } = true;

    /// <summary>Consume the redactions the speech service applied into the audit trail (off: another replica does).</summary>
    public bool ConsumeRedactions { get; set; } = true;
}
