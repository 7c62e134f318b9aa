using FunAsr.AsrService.Transcription;
using FunAsr.Text.Sensitive;

namespace FunAsr.AsrService.Compliance;

/// <summary>Reads the <c>redact</c> and <c>redact_mask</c> values every transcription route takes (form fields or query).</summary>
public static class RedactionRequests
{
    /// <param name="redact"><c>pii|pci|numbers|terms</c>, any of them joined by <c>|</c> or <c>,</c> (Deepgram's names plus the tenant's terms).</param>
    /// <param name="mask">One character written over every letter and digit of a redacted span, instead of its label (<c>[PHONE]</c>).</param>
    /// <exception cref="AsrException">An unknown class, or a mask that is not one visible character.</exception>
    public static (string? Redact, char? Mask) Parse(IEnumerable<string?>? redact, string? mask)
    {
        RedactionClasses classes;
        try
        {
            classes = RedactionClassNames.Parse(redact);
        }
        catch (ArgumentException ex)
        {
            throw AsrException.Invalid("invalid_value", ex.Message, "redact");
        }
        char? character = null;
        if (!string.IsNullOrEmpty(mask))
        {
            if (mask.Length != 1 || char.IsWhiteSpace(mask[0]) || char.IsLetterOrDigit(mask[0]) || char.IsControl(mask[0]))
            {
                throw AsrException.Invalid("invalid_value", $"'redact_mask' must be one visible character that is not a letter or digit (such as *), got '{mask}'.", "redact_mask");
            }
            character = mask[0];
        }
        return classes == RedactionClasses.None ? (null, null) : (RedactionClassNames.Format(classes), character);
    }

    /// <summary>What a transcription's settings ask to redact.</summary>
    public static RedactionRequest Of(TranscriptionSettings settings) =>
        settings.Redact is null ? RedactionRequest.None : new RedactionRequest(RedactionClassNames.Parse(settings.Redact), settings.RedactMask);
}
