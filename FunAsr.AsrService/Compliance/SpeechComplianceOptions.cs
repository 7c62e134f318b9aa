using System.ComponentModel.DataAnnotations;
using FunAsr.Text.Sensitive;

namespace FunAsr.AsrService.Compliance;

/// <summary><c>Asr:Compliance</c>: the terms this service knows without the shared list, how often it reads that list, and live alerts.</summary>
public sealed class SpeechComplianceOptions
{
    public const string SectionName = "Asr:Compliance";

    /// <summary>Terms listed in configuration (for a deployment without the compliance service); the shared list is added to them.</summary>
    public List<ConfiguredTerm> Terms { get; set; } = [];

    /// <summary>How old the shared term list (<see cref="FunAsr.Messaging.ComplianceChannels.TermListKey"/>) may be before it is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan TermListRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Scan every live final and raise alerts (a message on the caption stream and an entry on the findings stream).</summary>
    public bool LiveAlerts { get; set; } = true;

    /// <summary>Findings the detectors are less sure of are not alerted live (they are still redacted when asked).</summary>
    [Range(0.0, 1.0)]
    public double MinimumAlertConfidence { get; set; } = 0.5;

    /// <summary>
    /// A redacted job also hands its clear transcript to the Q&amp;A service, which keeps it apart from the lecture and shows it
    /// only to the roles allowed to see it, each view recorded in the audit trail; false keeps no clear copy of a redacted job.
    /// </summary>
    public bool KeepClearText { get; set; } = true;

    /// <summary>The findings stream and the redactions stream are each capped (approximately) at this many entries.</summary>
    [Range(100, 10_000_000)]
    public int MaxStreamLength { get; set; } = 100_000;
}

/// <summary>One term as configuration spells it.</summary>
public sealed class ConfiguredTerm
{
    public string Term { get; set; } = "";

    public string Kind { get; set; } = SensitiveKinds.Customer;

    public List<string> Aliases { get; set; } = [];

    public SensitiveTerm ToTerm() => new(Term, Kind, Aliases);
}
