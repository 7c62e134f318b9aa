using System.Text;
using System.Text.RegularExpressions;
using FunAsr.AsrService.Recognition;
using FunAsr.Text.Scripts;
using FunAsr.Text.Subtitles;

namespace FunAsr.AsrService.Transcription;

/// <summary>
/// The one mapping from what the engine recognised to transcript segments, for uploads, jobs, live captions and the
/// command line: sub-word tokens joined into words, and each recognised stretch cut into sentence-sized segments at
/// the boundaries subtitles use (<see cref="CueCutter"/>), every one keeping its words and the stretch's tags.
/// </summary>
public static partial class TranscriptSegments
{
    private const char SentencePieceSpace = '\u2581';

    /// <summary>Segments of one recognised stretch whose times are relative to a clip starting <paramref name="offsetSeconds"/> into the audio.</summary>
    public static IEnumerable<TranscriptSegment> From(RecognizedSegment segment, double offsetSeconds, SubtitleRules rules)
    {
        var words = JoinWords(segment.Tokens, offsetSeconds);
        var timed = new TimedText(segment.Start + offsetSeconds, segment.End + offsetSeconds, segment.Text.Trim(),
            [.. words.Select(w => new TimedWord(w.Word, w.Start, w.End))]);
        var tags = LeadingTags().Match(segment.RichText).Value;
        foreach (var piece in CueCutter.Cut(timed, rules))
        {
            yield return new TranscriptSegment(
                0, Round(piece.Start), Round(piece.End), piece.Text, tags + piece.Text,
                segment.Language, segment.Emotion, segment.Event,
                [.. piece.Words.Select(w => new TranscriptWord(w.Text, w.Start, w.End))]);
        }
    }

    /// <summary>A transcript's segments as timed text (for subtitles): the clean or the tagged text.</summary>
    public static IReadOnlyList<TimedText> Timed(Transcript transcript, bool rich) =>
        [.. transcript.Segments.Select(s => new TimedText(s.Start, s.End, rich ? s.RichText : s.Text,
            [.. s.Words.Select(w => new TimedWord(w.Word, w.Start, w.End))]))];

    /// <summary>
    /// A token opening with a space or SentencePiece's word marker starts a word; wide (CJK) characters are words of
    /// their own; other pieces continue the previous word ("▁caf" + "é" = "café").
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
            if (startsWord || TextScript.IsWide(piece[0]) || current.Length == 0 || TextScript.IsWide(current[^1]))
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

    private static double Round(double seconds) => Math.Round(seconds, 3);

    [GeneratedRegex(@"^(?:<\|[^|]*\|>)+")]
    private static partial Regex LeadingTags();
}
