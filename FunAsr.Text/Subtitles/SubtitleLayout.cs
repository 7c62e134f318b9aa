using System.Text;
using FunAsr.Text.Joining;

namespace FunAsr.Text.Subtitles;

/// <summary>
/// Turns a transcript's timed texts into display cues: each cut as <see cref="CueCutter"/> cuts it, shown long enough
/// to read (at least <see cref="SubtitleRules.MinCueSeconds"/>, the reading-speed time where the next cue leaves room,
/// at most <see cref="SubtitleRules.MaxCueSeconds"/>), a cue too short to read joined to a neighbour it fits with, and
/// its text broken into balanced lines. Cues never overlap.
/// </summary>
public static class SubtitleLayout
{
    private sealed class Piece(List<TextUnit> units, double start, double end)
    {
        public List<TextUnit> Units { get; } = units;

        public double Start { get; set; } = start;

        public double End { get; set; } = end;

        public string Text => TextUnits.Write(Units);
    }

    /// <param name="mediaDuration">When known, no cue outlasts the media.</param>
    public static IReadOnlyList<SubtitleCue> Cues(IEnumerable<TimedText> texts, SubtitleRules rules, double? mediaDuration = null)
    {
        var pieces = new List<Piece>();
        foreach (var text in texts.Where(t => !string.IsNullOrWhiteSpace(t.Text)).OrderBy(t => t.Start))
        {
            foreach (var cut in CueCutter.Cut(text, rules))
            {
                var units = TextUnits.Of(cut, out _);
                if (units.Count > 0)
                {
                    pieces.Add(new Piece(units, cut.Start, Math.Max(cut.Start, cut.End)));
                }
            }
        }
        MergeShort(pieces, rules);

        var cues = new List<SubtitleCue>(pieces.Count);
        double previousEnd = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            var next = i + 1 < pieces.Count ? pieces[i + 1].Start : double.MaxValue;
            // Speech faster than the rules allow (a piece too short to read, nothing to join it to) lets the cues fall
            // a little behind the speech rather than flash by; they catch up at the next pause.
            var start = Math.Max(piece.Start, previousEnd);
            var end = Math.Max(piece.End, start + rules.MinCueSeconds);
            var readable = start + Math.Max(rules.MinCueSeconds, rules.ReadingSeconds(piece.Text));
            if (readable > end)
            {
                end = Math.Max(end, Math.Min(readable, next));
            }
            end = Math.Min(end, start + rules.MaxCueSeconds);
            if (mediaDuration is { } media && end > media)
            {
                end = Math.Max(media, start);
                start = Math.Max(previousEnd, Math.Min(start, end - rules.MinCueSeconds));
            }
            end = Math.Max(end, start + 0.001);
            cues.Add(new SubtitleCue(Round(start), Round(end), LineBreaker.Break(piece.Units, rules)));
            previousEnd = Round(end);
        }
        return cues;
    }

    /// <summary>A piece that cannot stay up long enough on its own is joined to the next (else the previous) piece when the two fit one cue.</summary>
    private static void MergeShort(List<Piece> pieces, SubtitleRules rules)
    {
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            var room = (i + 1 < pieces.Count ? pieces[i + 1].Start : double.MaxValue) - piece.Start;
            if (room >= rules.MinCueSeconds || piece.End - piece.Start >= rules.MinCueSeconds)
            {
                continue;
            }
            if (i + 1 < pieces.Count && TryJoin(piece, pieces[i + 1], rules) is { } withNext)
            {
                pieces[i] = withNext;
                pieces.RemoveAt(i + 1);
                i--;
            }
            else if (i > 0 && TryJoin(pieces[i - 1], piece, rules) is { } withPrevious)
            {
                pieces[i - 1] = withPrevious;
                pieces.RemoveAt(i);
                i -= 2;
                i = Math.Max(i, -1);
            }
        }
    }

    private static Piece? TryJoin(Piece first, Piece second, SubtitleRules rules)
    {
        if (second.Start - first.End >= rules.LongPauseSeconds || second.End - first.Start > rules.MaxCueSeconds)
        {
            return null;
        }
        var lead = second.Units[0];
        var joined = new List<TextUnit>(first.Units) { lead with { SpaceBefore = NeedsSpace(first.Text, lead.Text) } };
        joined.AddRange(second.Units.Skip(1));
        return LineBreaker.LinesNeeded(joined, 0, joined.Count - 1, rules) <= rules.MaxLines
            ? new Piece(joined, first.Start, second.End)
            : null;
    }

    private static bool NeedsSpace(string left, string right) =>
        Rune.DecodeLastFromUtf16(left, out var l, out _) == System.Buffers.OperationStatus.Done
        && Rune.DecodeFromUtf16(right, out var r, out _) == System.Buffers.OperationStatus.Done
        && TextJoiner.NeedsSpace(l, r);

    private static double Round(double seconds) => Math.Round(seconds, 3);
}
