namespace FunAsr.AsrService.Compliance;

/// <summary>A job's redaction record as JSON, and the redactions stream's length cap, for the job's completion to write.</summary>
public sealed record RedactionEntry(string Record, long MaxStreamLength);
