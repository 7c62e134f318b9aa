using System.Globalization;
using FunAsr.QaBot.Ingest;
using FunAsr.Security.Authorization;
using FunAsr.Text.Subtitles;

namespace FunAsr.QaBot.Lectures;

/// <summary>
/// Applies a content team's corrections to a lecture: segment text and times, split and merge, title, language and visibility.
/// Pure: the lecture comes in, the corrected lecture and a record of each change come out; anything that cannot be
/// applied is a <see cref="LectureValidationException"/> naming the edit. Word times are kept where they still hold
/// (split, merge, times that only narrow a segment) and dropped where the text changed, so subtitles fall back to
/// spreading the segment's time over its text.
/// </summary>
public static class TranscriptEditor
{
    public const int MaxEdits = 500;
    public const int MaxTitleLength = 200;
    public const int MaxSegmentText = 10_000;

    /// <param name="defaultDepartment">The department a <c>visibility: department</c> edit shares with when it names none (the editor's own).</param>
    public static (Lecture Lecture, IReadOnlyList<LectureChange> Changes) Apply(Lecture lecture, IReadOnlyList<LectureEdit> edits, string? defaultDepartment = null)
    {
        if (edits.Count == 0)
        {
            throw new LectureValidationException("Give at least one edit in 'edits'.");
        }
        if (edits.Count > MaxEdits)
        {
            throw new LectureValidationException($"At most {MaxEdits} edits at once (got {edits.Count}).");
        }
        var segments = lecture.Segments.ToList();
        var title = lecture.Title;
        var language = lecture.Language;
        var visibility = lecture.Visibility;
        var department = lecture.Department;
        var changes = new List<LectureChange>(edits.Count);
        for (var n = 0; n < edits.Count; n++)
        {
            var edit = edits[n];
            var op = edit.Op?.Trim().ToLowerInvariant();
            switch (op)
            {
                case "text":
                {
                    var i = Index(edit, n, segments);
                    var text = Text(edit.Text, n);
                    var before = segments[i];
                    if (text != before.Text)
                    {
                        segments[i] = before with { Text = text, Words = null };
                        changes.Add(new LectureChange(op, i, before.Text, text));
                    }
                    break;
                }
                case "times":
                {
                    var i = Index(edit, n, segments);
                    var before = segments[i];
                    var (start, end) = (edit.Start ?? before.Start, edit.End ?? before.End);
                    CheckTimes(segments, i, start, end, n);
                    segments[i] = before with
                    {
                        Start = start,
                        End = end,
                        Words = before.Words?.Where(w => w.Start >= start && w.End <= end).ToList() is { Count: > 0 } inside ? inside : null,
                    };
                    changes.Add(new LectureChange(op, i, Span(before.Start, before.End), Span(start, end)));
                    break;
                }
                case "split":
                {
                    var i = Index(edit, n, segments);
                    var before = segments[i];
                    if (edit.At is not { } at || at <= 0 || at >= before.Text.Length
                        || before.Text[..at].Trim().Length == 0 || before.Text[at..].Trim().Length == 0)
                    {
                        throw Invalid(n, $"'at' must be a character position inside segment {i}'s text, with text on both sides.");
                    }
                    if (edit.Time is { } time && (time < before.Start || time > before.End))
                    {
                        throw Invalid(n, $"'time' {time} lies outside segment {i} ({Span(before.Start, before.End)}).");
                    }
                    var (left, right) = TimedTexts.SplitAt(Timed(before), at, edit.Time);
                    segments[i] = Segment(left, i);
                    segments.Insert(i + 1, Segment(right, i + 1));
                    changes.Add(new LectureChange(op, i, before.Text, $"{left.Text} | {right.Text} @ {Seconds(left.End)}"));
                    break;
                }
                case "merge":
                {
                    var i = Index(edit, n, segments);
                    if (i + 1 >= segments.Count)
                    {
                        throw Invalid(n, $"Segment {i} is the last one: there is no next segment to merge it with.");
                    }
                    var (first, second) = (segments[i], segments[i + 1]);
                    var joined = TimedTexts.Join(Timed(first), Timed(second));
                    segments[i] = Segment(joined, i);
                    segments.RemoveAt(i + 1);
                    changes.Add(new LectureChange(op, i, $"{first.Text} | {second.Text}", joined.Text));
                    break;
                }
                case "title":
                {
                    var renamed = edit.Title?.Trim();
                    if (string.IsNullOrEmpty(renamed) || renamed.Length > MaxTitleLength)
                    {
                        throw Invalid(n, $"'title' must be 1 to {MaxTitleLength} characters.");
                    }
                    if (renamed != title)
                    {
                        changes.Add(new LectureChange(op, null, title, renamed));
                        title = renamed;
                    }
                    break;
                }
                case "language":
                {
                    var code = edit.Language?.Trim().ToLowerInvariant();
                    if (string.IsNullOrEmpty(code) || code.Length > 16 || !code.All(c => char.IsAsciiLetterLower(c) || c == '-'))
                    {
                        throw Invalid(n, "'language' must be a language code such as 'zh', 'en' or 'zh-tw'.");
                    }
                    if (code != language)
                    {
                        changes.Add(new LectureChange(op, null, language, code));
                        language = code;
                    }
                    break;
                }
                case "visibility":
                {
                    var value = Visibility.Parse(edit.Visibility)
                        ?? throw Invalid(n, $"'visibility' must be {Visibility.Describe()}.");
                    var shared = value != Visibility.Department ? null
                        : (string.IsNullOrWhiteSpace(edit.Department) ? department ?? defaultDepartment : edit.Department)?.Trim() is { Length: > 0 } named ? named
                        : throw Invalid(n, "A lecture shared with a department needs 'department' (you have none in your account to default to).");
                    if (value != visibility || shared != department)
                    {
                        changes.Add(new LectureChange(op, null, Sharing(visibility, department), Sharing(value, shared)));
                        (visibility, department) = (value, shared);
                    }
                    break;
                }
                default:
                    throw Invalid(n, $"Unknown op '{edit.Op}'. Valid ops: text, times, split, merge, title, language, visibility.");
            }
        }
        var renumbered = segments.Select((s, i) => s with { Id = i }).ToList();
        return (lecture with
        {
            Title = title,
            Language = language,
            Visibility = visibility,
            Department = department,
            Segments = renumbered,
            Duration = renumbered.Count == 0 ? 0 : Math.Max(lecture.Duration, renumbered.Max(s => s.End)),
        }, changes);
    }

    private static string Sharing(string visibility, string? department) => department is null ? visibility : $"{visibility}:{department}";

    public static TimedText Timed(TranscriptSegment segment) =>
        new(segment.Start, segment.End, segment.Text, [.. (segment.Words ?? []).Select(w => new TimedWord(w.Word, w.Start, w.End))]);

    private static TranscriptSegment Segment(TimedText text, int id) => new(id, Math.Round(text.Start, 3), Math.Round(text.End, 3), text.Text,
        text.Words.Count > 0 ? [.. text.Words.Select(w => new TranscriptWord(w.Text, w.Start, w.End))] : null);

    private static int Index(LectureEdit edit, int n, List<TranscriptSegment> segments) =>
        edit.Segment is { } i && i >= 0 && i < segments.Count
            ? i
            : throw Invalid(n, $"'segment' must name one of the {segments.Count} segments (0 to {segments.Count - 1}).");

    private static string Text(string? text, int n)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw Invalid(n, "'text' may not be empty: merge the segment into a neighbour instead.");
        }
        if (trimmed.Length > MaxSegmentText)
        {
            throw Invalid(n, $"'text' is limited to {MaxSegmentText} characters per segment.");
        }
        return trimmed;
    }

    // A segment keeps its place: it starts no earlier than the one before it and ends no later than the one after.
    private static void CheckTimes(List<TranscriptSegment> segments, int i, double start, double end, int n)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end) || start < 0 || end <= start)
        {
            throw Invalid(n, $"Times {start}-{end} are invalid: need 0 <= start < end.");
        }
        if (i > 0 && start < segments[i - 1].Start)
        {
            throw Invalid(n, $"Segment {i} would start before segment {i - 1} ({Seconds(segments[i - 1].Start)}).");
        }
        if (i + 1 < segments.Count && (end > segments[i + 1].End || start > segments[i + 1].Start))
        {
            throw Invalid(n, $"Segment {i} would end after segment {i + 1} or start after it.");
        }
    }

    private static LectureValidationException Invalid(int n, string message) => new($"Edit {n}: {message}");

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Span(double start, double end) => $"{Seconds(start)}-{Seconds(end)}";
}
