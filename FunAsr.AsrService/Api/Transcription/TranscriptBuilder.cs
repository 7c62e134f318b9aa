using System.Text;
using FunAsr.AsrService.Recognition;

namespace FunAsr.AsrService.Api.Transcription;

/// <summary>Maps engine results to the native transcript, joining sub-word tokens into words.</summary>
public static class TranscriptBuilder
{
    private const char SentencePieceSpace = '\u2581';

    public static Transcript FromResult(string id, string? title, string model, RecognitionResult result) =>
        FromSegments(id, title, model, result.Language, result.Emotion, result.Event, result.DurationSeconds, result.Segments, offsetSeconds: 0);

    private static Transcript FromSegments(
        string id, string? title, string model, string language, string? emotion, string? audioEvent, double duration,
        IEnumerable<RecognizedSegment> segments, double offsetSeconds)
    {
        var mapped = new List<TranscriptSegment>();
        foreach (var segment in segments)
        {
            mapped.Add(Map(mapped.Count, segment, offsetSeconds));
        }
        return Assemble(id, title, model, language, emotion, audioEvent, duration, mapped);
    }

    public static TranscriptSegment Map(int id, RecognizedSegment segment, double offsetSeconds) => new(
        id,
        Round(segment.Start + offsetSeconds),
        Round(segment.End + offsetSeconds),
        segment.Text.Trim(),
        segment.RichText.Trim(),
        segment.Language,
        segment.Emotion,
        segment.Event,
        JoinWords(segment.Tokens, offsetSeconds));

    public static Transcript Assemble(
        string id, string? title, string model, string language, string? emotion, string? audioEvent, double duration,
        IReadOnlyList<TranscriptSegment> segments)
    {
        var renumbered = segments.Select((s, i) => s with { Id = i }).ToList();
        return new Transcript(
            id, title, model, language, emotion, audioEvent, Round(duration),
            JoinTexts(renumbered.Select(s => s.Text)),
            JoinTexts(renumbered.Select(s => s.RichText)),
            renumbered);
    }

    /// <summary>Joins segment texts with a space only where both sides are not CJK, as a reader expects.</summary>
    public static string JoinTexts(IEnumerable<string> texts)
    {
        var builder = new StringBuilder();
        foreach (var text in texts.Where(t => t.Length > 0))
        {
            if (builder.Length > 0 && !(IsCjk(builder[^1]) && IsCjk(text[0])))
            {
                builder.Append(' ');
            }
            builder.Append(text);
        }
        return builder.ToString();
    }

    /// <summary>
    /// A token opening with a space or SentencePiece's word marker starts a word; CJK characters are words of their own;
    /// other pieces continue the previous word.
    /// </summary>
    public static IReadOnlyList<TranscriptWord> JoinWords(IReadOnlyList<RecognizedToken> tokens, double offsetSeconds)
    {
        var words = new List<TranscriptWord>();
        var current = new StringBuilder();
        double start = 0, end = 0;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(new TranscriptWord(current.ToString(), Round(start + offsetSeconds), Round(end + offsetSeconds)));
                current.Clear();
            }
        }

        foreach (var token in tokens)
        {
            var startsWord = token.StartsWord || (token.Text.Length > 0 && (token.Text[0] == ' ' || token.Text[0] == SentencePieceSpace));
            var piece = token.Text.Replace(SentencePieceSpace, ' ').Trim();
            if (piece.Length == 0)
            {
                continue;
            }
            var cjk = IsCjk(piece[0]);
            if (startsWord || cjk || current.Length == 0 || IsCjk(current[^1]))
            {
                Flush();
                start = token.Start;
            }
            current.Append(piece);
            end = token.End;
        }
        Flush();
        return words;
    }

    // CJK punctuation, kana, ideographs, hangul and full-width forms: scripts written without spaces between words.
    private static bool IsCjk(char c) =>
        c is >= '\u3000' and <= '\u30ff' or >= '\u3400' and <= '\u9fff' or >= '\uac00' and <= '\ud7af'
            or >= '\uf900' and <= '\ufaff' or >= '\uff00' and <= '\uffef';

    private static double Round(double seconds) => Math.Round(seconds, 3);
}
