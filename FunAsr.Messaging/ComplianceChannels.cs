namespace FunAsr.Messaging;

/// <summary>
/// Where the speech service and the compliance service meet in the shared Redis: the tenant's term list the compliance
/// service publishes (so every service that scans text sees the list compliance users keep on the page), the stream
/// of findings the speech service raises while people speak (consumed into the alerts inbox), the stream of views of a
/// redacted lecture's clear text and the stream of redactions the speech service applied (both consumed into the audit
/// trail).
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

    /// <summary>
    /// A stream of applied redactions: each entry's <see cref="RedactionField"/> is one <see cref="RedactionRecord"/> as JSON
    /// (web casing). The speech service adds it, best effort, once a redacted transcript is given (a synchronous answer),
    /// and in the same step that completes a redacted job (a completed job always has its entry).
    /// </summary>
    public const string RedactionsStream = "compliance:redactions";

    /// <summary>The entry field that holds the redaction record.</summary>
    public const string RedactionField = "redaction";

    /// <summary>The compliance service's consumer group on <see cref="RedactionsStream"/>.</summary>
    public const string RedactionsGroup = "compliance";
}

/// <summary>The values of <see cref="RedactionRecord.Source"/>.</summary>
public static class RedactionSources
{
    /// <summary>A transcription job; the record's id is the job's id.</summary>
    public const string Job = "job";

    /// <summary>A synchronous transcription request; the record's id is the request's id.</summary>
    public const string Transcription = "transcription";
}

/// <summary>
/// The speech service applied a redaction: to which job or request (<paramref name="Id"/>, unique per redaction: the
/// compliance service records each id once), for whom (the submitter as the gateway named them; null for a job submitted
/// before jobs had owners), the classes asked for (<c>pii|pci|numbers|terms</c>, as <c>redact</c> spells them), how many
/// spans of each kind were masked (zero spans is still an applied redaction) and when. It never carries a clear value.
/// </summary>
public sealed record RedactionRecord(
    string Id, string Source, string? SubmitterId, string? SubmitterName, string Classes, IReadOnlyDictionary<string, int> Spans, DateTimeOffset At);

/// <summary>
/// Someone was shown the clear text of a redacted lecture: who (the gateway's subject, name and role), which lecture, when,
/// and the request's id, which is unique per view (the compliance service records each id once).
/// </summary>
public sealed record ClearTextAccess(string RequestId, string LectureId, string? Title, string ViewerId, string? ViewerName, string Role, DateTimeOffset At);
