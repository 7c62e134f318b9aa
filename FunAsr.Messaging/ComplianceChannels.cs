namespace FunAsr.Messaging;

/// <summary>
/// Where the speech service and the compliance service meet in the shared Redis: the tenant's term list the compliance
/// service publishes (so every service that scans text sees the list compliance users keep on the page), the stream
/// of findings the speech service raises while people speak (consumed into the alerts inbox), and the stream of views of a
/// redacted lecture's clear text (consumed into the audit trail).
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

    /// <summary>
    /// A stream of clear-text views: each entry's <see cref="AccessField"/> is one <see cref="ClearTextAccess"/> as JSON (web
    /// casing). The Q&amp;A service adds the entry before it shows the clear text, so no view goes unrecorded.
    /// </summary>
    public const string AccessStream = "compliance:access";

    /// <summary>The entry field that holds the access record.</summary>
    public const string AccessField = "access";

    /// <summary>The compliance service's consumer group on <see cref="AccessStream"/>.</summary>
    public const string AccessGroup = "compliance";
}

/// <summary>
/// Someone was shown the clear text of a redacted lecture: who (the gateway's subject, name and role), which lecture, when,
/// and the request's id, which is unique per view (the compliance service records each id once).
/// </summary>
public sealed record ClearTextAccess(string RequestId, string LectureId, string? Title, string ViewerId, string? ViewerName, string Role, DateTimeOffset At);
