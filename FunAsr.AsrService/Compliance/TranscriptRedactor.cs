using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using FunAsr.Text.Joining;
using FunAsr.Text.Sensitive;
using FunAsr.Text.Subtitles;

namespace FunAsr.AsrService.Compliance;

/// <summary>
/// Masks what a request asks to redact in transcript segments: their text, their tagged text and their words (so the
/// subtitles written from them, which cut cues at word times, carry no clear value either). The detection is the one
/// shared library (<see cref="SensitiveRedactor"/>) with the tenant's current terms.
/// </summary>
public sealed class TranscriptRedactor(SensitiveRedactor redactor, SpeechComplianceTelemetry telemetry)
{
    /// <param name="redacted">Receives what was masked, with the times it was said (for silencing the audio).</param>
    /// <param name="counted">
    /// Whether the masked spans count in <c>asr.redacted.spans</c>: not for text whose spans are counted elsewhere (a live
    /// partial, decoded again as a final; a saved live transcript, counted with its finals).
    /// </param>
    public IReadOnlyList<TranscriptSegment> Redact(
        IReadOnlyList<TranscriptSegment> segments, RedactionRequest request, List<SensitiveFinding>? redacted = null, bool counted = true)
    {
        if (request.IsEmpty || segments.Count == 0)
        {
            return segments;
        }
        using var activity = AsrTelemetry.StartStage("redact");
        var masked = new TranscriptSegment[segments.Count];
        var spans = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var timed = new TimedText(segment.Start, segment.End, segment.Text, [.. segment.Words.Select(w => new TimedWord(w.Word, w.Start, w.End))]);
            var result = redactor.Redact(timed, request);
            if (result.Redacted.Count == 0)
            {
                masked[i] = segment;
                continue;
            }
            spans += result.Redacted.Count;
            redacted?.AddRange(result.Redacted);
            foreach (var finding in counted ? result.Redacted : [])
            {
                telemetry.Redacted(finding.Kind);
            }
            masked[i] = segment with
            {
                Text = result.Text.Text,
                RichText = Tags(segment) + result.Text.Text,
                Words = [.. result.Text.Words.Select(w => new TranscriptWord(w.Text, w.Start, w.End))],
            };
        }
        activity?.SetTag("asr.redact.classes", RedactionClassNames.Format(request.Classes));
        activity?.SetTag("asr.redact.spans", spans);
        return masked;
    }

    /// <summary>A whole transcript redacted: its segments, and its text joined again from them.</summary>
    /// <param name="redacted">Receives what was masked.</param>
    /// <param name="counted">Whether the masked spans count in <c>asr.redacted.spans</c> (see the segments overload).</param>
    public Transcript Redact(Transcript transcript, RedactionRequest request, List<SensitiveFinding>? redacted = null, bool counted = true)
    {
        if (request.IsEmpty)
        {
            return transcript;
        }
        var segments = Redact(transcript.Segments, request, redacted, counted);
        return ReferenceEquals(segments, transcript.Segments) ? transcript : transcript with
        {
            Text = TextJoiner.Join(segments.Select(s => s.Text)),
            RichText = TextJoiner.Join(segments.Select(s => s.RichText)),
            Segments = segments,
        };
    }

    // The tagged text is the stretch's tags followed by the clean text (TranscriptSegments.From).
    private static string Tags(TranscriptSegment segment) =>
        segment.RichText.EndsWith(segment.Text, StringComparison.Ordinal) ? segment.RichText[..^segment.Text.Length] : "";
}
