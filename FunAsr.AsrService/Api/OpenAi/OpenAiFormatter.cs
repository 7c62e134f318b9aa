using System.Globalization;
using System.IO.Compression;
using System.Text;
using FunAsr.AsrService.Transcription;

namespace FunAsr.AsrService.Api.OpenAi;

/// <summary>Renders a native transcript in OpenAI's json / verbose_json shapes.</summary>
public static class OpenAiFormatter
{
    public static OpenAiUsage Usage(Transcript transcript) =>
        new("duration", (int)Math.Ceiling(transcript.Duration), transcript.Duration);

    public static OpenAiTranscription Json(Transcript transcript, bool rich) =>
        new(rich ? transcript.RichText : transcript.Text, Usage(transcript));

    public static OpenAiVerboseTranscription Verbose(
        Transcript transcript, bool rich, double temperature, bool includeSegments, bool includeWords)
    {
        var segments = includeSegments
            ? transcript.Segments.Select(s =>
            {
                var text = rich ? s.RichText : s.Text;
                return new OpenAiSegment(
                    s.Id,
                    // Whisper's seek is the 10 ms frame where the decoding window started.
                    (int)Math.Round(s.Start * 100),
                    s.Start, s.End, text,
                    // CTC models give no token ids or log-probabilities in the OpenAI sense.
                    [],
                    temperature,
                    0,
                    CompressionRatio(text),
                    text.Length == 0 || s.Language == "nospeech" ? 1 : 0);
            }).ToList()
            : null;
        var words = includeWords
            ? transcript.Segments.SelectMany(s => s.Words).Select(w => new OpenAiWord(w.Word, w.Start, w.End)).ToList()
            : null;
        return new OpenAiVerboseTranscription(
            "transcribe", LanguageName(transcript.Language), transcript.Duration,
            rich ? transcript.RichText : transcript.Text, segments, words, Usage(transcript));
    }

    /// <summary>Whisper reports the language as a lower-case English name ("english"); unknown codes pass through.</summary>
    public static string LanguageName(string code)
    {
        if (string.IsNullOrEmpty(code) || code is "auto" or "nospeech")
        {
            return code;
        }
        try
        {
            var culture = CultureInfo.GetCultureInfo(code, predefinedOnly: true);
            var name = culture.Parent.Equals(CultureInfo.InvariantCulture) ? culture.EnglishName : culture.Parent.EnglishName;
            return name.ToLowerInvariant();
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    // Whisper's gzip ratio: repetitive (hallucinated) text compresses well and scores high.
    public static double CompressionRatio(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(bytes);
        }
        return Math.Round((double)bytes.Length / buffer.Length, 4);
    }
}
