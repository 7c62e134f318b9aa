namespace FunAsr.Text.Sensitive;

/// <summary>
/// One piece of sensitive information in a text: what it is, how sure the detector is, where it is (UTF-16 offsets
/// into the text that was scanned, and the seconds it was said when word times were known), why it was reported, and
/// the masked form to show instead of it.
/// </summary>
/// <param name="Kind">One of <see cref="SensitiveKinds"/>.</param>
/// <param name="Confidence">0–1: checksum-verified numbers near 1, shapes that rely on context or capitalisation lower.</param>
/// <param name="Reason">Why the span was reported, for a reviewer ("Luhn check passes, Visa, 16 digits").</param>
/// <param name="Masked">A partly hidden form for excerpts (<c>138****5678</c>); a listed term shows as itself.</param>
/// <param name="Term">For listed terms: the canonical term the span matched (the alias's term).</param>
/// <param name="StartTime">Seconds into the recording, from word times (or the segment's times when words were not given).</param>
/// <param name="TimeEstimated">True when the times were spread over the segment by text length rather than taken from words.</param>
public sealed record SensitiveFinding(
    string Kind,
    int Start,
    int Length,
    double Confidence,
    string Reason,
    string Masked,
    string? Term = null,
    double? StartTime = null,
    double? EndTime = null,
    bool TimeEstimated = false)
{
    public int End => Start + Length;

    public bool Overlaps(SensitiveFinding other) => Start < other.End && other.Start < End;
}
