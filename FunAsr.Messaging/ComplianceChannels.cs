namespace FunAsr.Messaging;

/// <summary>
/// Where the speech service and the compliance service meet in the shared Redis: the tenant's term list the compliance
/// service publishes (so every service that scans text sees the list compliance users keep on the page), and the stream
/// of findings the speech service raises while people speak (consumed into the alerts inbox).
/// </summary>
public static class ComplianceChannels
{
    /// <summary>A string key holding <c>{"version": "...", "terms": [SensitiveTerm...]}</c>, rewritten when the list changes.</summary>
    public const string TermListKey = "compliance:terms";

    /// <summary>A stream of findings; each entry's <c>finding</c> field is one finding report as JSON (web casing).</summary>
    public const string FindingsStream = "compliance:findings";

    /// <summary>The entry field that holds the finding.</summary>
    public const string FindingField = "finding";

    /// <summary>The compliance service's consumer group on <see cref="FindingsStream"/>.</summary>
    public const string FindingsGroup = "compliance";
}
