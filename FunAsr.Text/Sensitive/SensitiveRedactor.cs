using System.Text;
using FunAsr.Text.Sensitive.Detectors;
using FunAsr.Text.Subtitles;

namespace FunAsr.Text.Sensitive;

/// <summary>What to redact and how a redacted span reads: its label (<c>[PHONE]</c>) or, with a mask character, that character for each letter and digit.</summary>
public sealed record RedactionRequest(RedactionClasses Classes, char? MaskCharacter = null)
{
    public static readonly RedactionRequest None = new(RedactionClasses.None);

    public bool IsEmpty => Classes == RedactionClasses.None;

    public bool Covers(string kind) => (SensitiveKinds.ClassesOf(kind) & Classes) != 0;
}

/// <summary>A redacted text and what was taken out of it (offsets into the original; times when known, for silencing the audio).</summary>
public sealed record RedactedText(string Text, IReadOnlyList<SensitiveFinding> Redacted);

/// <summary>A redacted timed text: the words rewritten to spell the redacted text, and what was taken out.</summary>
public sealed record RedactedTimedText(TimedText Text, IReadOnlyList<SensitiveFinding> Redacted);

/// <summary>Masks the findings a request covers in text, and in words so that subtitles built from them carry no clear value.</summary>
public sealed class SensitiveRedactor(SensitiveScanner scanner)
{
    private static readonly NumberDetector Numbers = new();

    public RedactedText Redact(string text, RedactionRequest request)
    {
        if (request.IsEmpty || string.IsNullOrEmpty(text))
        {
            return new RedactedText(text, []);
        }
        var findings = Covered(scanner.Scan(text, Extra(request)), request);
        return new RedactedText(Apply(text, findings, request, out _), findings);
    }

    public RedactedTimedText Redact(TimedText text, RedactionRequest request)
    {
        if (request.IsEmpty || string.IsNullOrEmpty(text.Text))
        {
            return new RedactedTimedText(text, []);
        }
        var findings = Covered(scanner.Scan(text, Extra(request)), request);
        if (findings.Count == 0)
        {
            return new RedactedTimedText(text, findings);
        }
        var redacted = Apply(text.Text, findings, request, out var replacements);
        return new RedactedTimedText(text with { Text = redacted, Words = RedactWords(text, findings, replacements) }, findings);
    }

    private static ISensitiveDetector? Extra(RedactionRequest request) => request.Classes.HasFlag(RedactionClasses.Numbers) ? Numbers : null;

    private static IReadOnlyList<SensitiveFinding> Covered(IReadOnlyList<SensitiveFinding> findings, RedactionRequest request) =>
        findings.Where(f => request.Covers(f.Kind)).ToArray();

    public static string Replacement(string original, string kind, RedactionRequest request)
    {
        if (request.MaskCharacter is not { } mask)
        {
            return $"[{SensitiveKinds.Label(kind)}]";
        }
        var builder = new StringBuilder(original.Length);
        foreach (var c in original)
        {
            builder.Append(char.IsLetterOrDigit(c) ? mask : c);
        }
        return builder.ToString();
    }

    private static string Apply(string text, IReadOnlyList<SensitiveFinding> findings, RedactionRequest request, out string[] replacements)
    {
        var builder = new StringBuilder(text.Length);
        replacements = new string[findings.Count];
        var cursor = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            builder.Append(text, cursor, finding.Start - cursor);
            replacements[i] = Replacement(text.Substring(finding.Start, finding.Length), finding.Kind, request);
            builder.Append(replacements[i]);
            cursor = finding.End;
        }
        builder.Append(text, cursor, text.Length - cursor);
        return builder.ToString();
    }

    /// <summary>
    /// Each word rewritten over its characters: the replacement goes into the first word a finding touches, the other
    /// words it touches lose those characters and, when nothing is left of them, fold their time into that word.
    /// Words that no longer spell the text are dropped rather than passed on in clear.
    /// </summary>
    private static IReadOnlyList<TimedWord> RedactWords(TimedText text, IReadOnlyList<SensitiveFinding> findings, string[] replacements)
    {
        if (text.Words.Count == 0 || WordTimes.Align(text.Text, text.Words) is not { } ranges)
        {
            return [];
        }
        var words = new List<TimedWord>(text.Words.Count);
        var placed = new bool[findings.Count];
        for (var w = 0; w < ranges.Length; w++)
        {
            var (start, end) = ranges[w];
            var builder = new StringBuilder();
            var cursor = start;
            var touched = -1;
            for (var f = 0; f < findings.Count; f++)
            {
                var finding = findings[f];
                if (finding.End <= start || finding.Start >= end)
                {
                    continue;
                }
                touched = f;
                builder.Append(text.Text, cursor, Math.Max(0, finding.Start - cursor));
                if (!placed[f])
                {
                    builder.Append(replacements[f]);
                    placed[f] = true;
                }
                cursor = Math.Min(end, finding.End);
            }
            if (touched < 0)
            {
                words.Add(text.Words[w]);
                continue;
            }
            builder.Append(text.Text, cursor, Math.Max(0, end - cursor));
            var word = text.Words[w];
            if (builder.Length == 0 && words.Count > 0)
            {
                words[^1] = words[^1] with { End = Math.Max(words[^1].End, word.End) };
            }
            else if (builder.Length > 0)
            {
                words.Add(word with { Text = builder.ToString() });
            }
        }
        return words;
    }
}
