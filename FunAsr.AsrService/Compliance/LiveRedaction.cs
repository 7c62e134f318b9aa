using FunAsr.AsrService.Streaming;
using FunAsr.AsrService.Transcription;
using FunAsr.Text.Sensitive;

namespace FunAsr.AsrService.Compliance;

/// <summary>
/// What one live stream masks (<c>redact</c>): its captions before they are sent and its transcript before it is saved,
/// through the uploads' <see cref="TranscriptRedactor"/>. It keeps what the finals masked, for the one record the
/// stream gets on <c>compliance:redactions</c> when it ends (partials are re-decoded into finals, so they are not counted).
/// </summary>
public sealed class LiveRedaction(TranscriptRedactor redactor, RedactionRequest request, string classes)
{
    private readonly List<SensitiveFinding> _redacted = [];

    /// <summary>The classes as <c>redact</c> spells them (<c>pii|pci|numbers|terms</c>).</summary>
    public string Classes { get; } = classes;

    /// <summary>What the finals masked so far.</summary>
    public IReadOnlyList<SensitiveFinding> Redacted => _redacted;

    // A partial is decoded again as a final: its spans are counted there, not here.
    public PartialMessage Mask(PartialMessage partial) =>
        partial with { Text = redactor.Redact([Segment(partial.Text, partial.Start, partial.Start, [])], request, counted: false)[0].Text };

    public FinalMessage Mask(FinalMessage final)
    {
        var words = final.Words ?? [];
        var masked = redactor.Redact([Segment(final.Text, final.Start, final.End, [.. words.Select(w => new TranscriptWord(w.Word, w.Start, w.End))])], request, _redacted)[0];
        return final with { Text = masked.Text, Words = final.Words is null ? null : [.. masked.Words.Select(w => new LiveWord(w.Word, w.Start, w.End))] };
    }

    /// <summary>The transcript to save; its findings were counted with the finals.</summary>
    public Transcript Mask(Transcript transcript) => redactor.Redact(transcript, request, counted: false);

    private static TranscriptSegment Segment(string text, double start, double end, IReadOnlyList<TranscriptWord> words) =>
        new(0, start, end, text, text, null, null, null, words);
}
