using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Transcription;

namespace FunAsr.AsrService.Speakers;

/// <summary>
/// Puts who-spoke-when onto a transcript: each word takes the speaker whose turns overlap it most
/// (<see cref="SpeakerAssignment"/>), a segment is cut where its words change speaker (a run of under
/// <see cref="MinInnerRunSeconds"/> between two runs of one speaker is that speaker's: the diarizer's edges, not a
/// turn), and each piece's time is narrowed to its speaker's turns inside it, so segments say when the person spoke
/// rather than when the recogniser's stretch began. A segment without word times takes the speaker it overlaps most.
/// Speakers are lettered A, B, … by first appearance; each keeps its voiceprint (the cluster centroid).
/// </summary>
public static class TranscriptSpeakers
{
    public const double MinInnerRunSeconds = 0.5;

    public static Transcript Attribute(Transcript transcript, DiarizationResult result)
    {
        var turns = result.Turns;
        var segments = new List<TranscriptSegment>(transcript.Segments.Count);
        foreach (var segment in transcript.Segments)
        {
            segments.AddRange(Split(segment, turns));
        }

        var voiceprints = new Dictionary<string, float[]>();
        var speakers = new List<TranscriptSpeaker>(result.Speakers.Count);
        foreach (var speaker in result.Speakers)
        {
            var voiceprint = "vp_" + Guid.NewGuid().ToString("N");
            voiceprints[voiceprint] = speaker.Embedding;
            speakers.Add(new TranscriptSpeaker(SpeakerLabels.Letter(speaker.Index), null, Math.Round(speaker.SpeechSeconds, 3), voiceprint));
        }

        return transcript with
        {
            Segments = [.. segments.Select((s, i) => s with { Id = i })],
            Speakers = speakers,
            Voiceprints = voiceprints,
        };
    }

    private static IEnumerable<TranscriptSegment> Split(TranscriptSegment segment, IReadOnlyList<SpeakerTurn> turns)
    {
        if (turns.Count == 0)
        {
            yield return segment;
            yield break;
        }

        var words = segment.Words;
        int?[] bySpeaker = words.Count > 0
            ? SpeakerAssignment.Assign([.. words.Select(w => new TimedSpan(w.Start, w.End))], turns)
            : [];
        var runs = Runs(bySpeaker, words);
        var offsets = runs.Count > 1 ? Offsets(segment.Text, words) : null;
        if (runs.Count <= 1 || offsets is null)
        {
            // One speaker, or words that do not spell the text (inverse normalisation rewrote them): the segment stays whole.
            // Speech the diarizer heard no one in (too short, too quiet) goes to the nearest speaker, however far.
            var speaker = (runs.Count == 0 ? null : Majority(runs, words))
                ?? SpeakerAssignment.Assign([new TimedSpan(segment.Start, segment.End)], turns, double.PositiveInfinity)[0];
            yield return Narrow(segment with { Speaker = Letter(speaker) }, speaker, turns);
            yield break;
        }

        var tags = segment.RichText.EndsWith(segment.Text, StringComparison.Ordinal) ? segment.RichText[..^segment.Text.Length] : string.Empty;
        for (var r = 0; r < runs.Count; r++)
        {
            var (first, last, speaker) = runs[r];
            var from = r == 0 ? 0 : offsets[first];
            var to = r + 1 < runs.Count ? offsets[runs[r + 1].First] : segment.Text.Length;
            var text = segment.Text[from..to].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var start = r == 0 ? segment.Start : words[first].Start;
            var end = r + 1 < runs.Count ? words[runs[r + 1].First].Start : segment.End;
            var piece = segment with
            {
                Start = Math.Round(start, 3),
                End = Math.Round(Math.Max(start, end), 3),
                Text = text,
                RichText = tags + text,
                Words = [.. words.Skip(first).Take(last - first + 1)],
                Speaker = Letter(speaker),
            };
            yield return Narrow(piece, speaker, turns);
        }
    }

    // Runs of consecutive words of one speaker; a word no turn reaches goes with the word before it (else after it).
    private static List<(int First, int Last, int? Speaker)> Runs(int?[] speakers, IReadOnlyList<TranscriptWord> words)
    {
        var filled = (int?[])speakers.Clone();
        for (var i = 1; i < filled.Length; i++)
        {
            filled[i] ??= filled[i - 1];
        }

        for (var i = filled.Length - 2; i >= 0; i--)
        {
            filled[i] ??= filled[i + 1];
        }

        var runs = new List<(int First, int Last, int? Speaker)>();
        for (var i = 0; i < filled.Length; i++)
        {
            if (runs.Count > 0 && runs[^1].Speaker == filled[i])
            {
                runs[^1] = runs[^1] with { Last = i };
            }
            else
            {
                runs.Add((i, i, filled[i]));
            }
        }

        // A short run between two runs of one speaker is that speaker's.
        for (var r = 1; r + 1 < runs.Count; r++)
        {
            if (runs[r - 1].Speaker == runs[r + 1].Speaker && words[runs[r].Last].End - words[runs[r].First].Start < MinInnerRunSeconds)
            {
                runs[r - 1] = runs[r - 1] with { Last = runs[r + 1].Last };
                runs.RemoveRange(r, 2);
                r--;
            }
        }

        return runs;
    }

    private static int? Majority(List<(int First, int Last, int? Speaker)> runs, IReadOnlyList<TranscriptWord> words) =>
        runs.GroupBy(r => r.Speaker)
            .OrderByDescending(g => g.Sum(r => words[r.Last].End - words[r.First].Start))
            .First().Key;

    // Where each word starts in the text, found in order (as the subtitle writer places words); null when one is missing.
    private static int[]? Offsets(string text, IReadOnlyList<TranscriptWord> words)
    {
        var offsets = new int[words.Count];
        var cursor = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var needle = words[i].Word.Trim();
            var at = needle.Length == 0 ? cursor : text.IndexOf(needle, cursor, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            offsets[i] = at;
            cursor = at + needle.Length;
        }

        return offsets;
    }

    // The piece's time within its speaker's turns: from the first turn's start to the last one's end, inside the piece.
    private static TranscriptSegment Narrow(TranscriptSegment piece, int? speaker, IReadOnlyList<SpeakerTurn> turns)
    {
        if (speaker is not { } who)
        {
            return piece;
        }

        double first = double.PositiveInfinity, last = double.NegativeInfinity;
        foreach (var turn in turns)
        {
            if (turn.Speaker == who && turn.End > piece.Start && turn.Start < piece.End)
            {
                first = Math.Min(first, turn.Start);
                last = Math.Max(last, turn.End);
            }
        }

        var start = Math.Max(piece.Start, first);
        var end = Math.Min(piece.End, last);
        return end > start ? piece with { Start = Math.Round(start, 3), End = Math.Round(end, 3) } : piece;
    }

    private static string? Letter(int? speaker) => speaker is { } index ? SpeakerLabels.Letter(index) : null;
}
