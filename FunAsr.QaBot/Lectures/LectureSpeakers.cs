using FunAsr.QaBot.Ingest;

namespace FunAsr.QaBot.Lectures;

/// <summary>
/// The speakers of a diarized lecture: checked on ingest, and renamed, merged or reassigned by a content user's edits
/// (<see cref="TranscriptEditor"/>). Naming a speaker here labels this lecture; the page also names the voice in the
/// ASR service's library (its voiceprint), so later recordings of the same person come back with the name.
/// </summary>
public static class LectureSpeakers
{
    public const int MaxSpeakers = 100;
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 100;

    /// <summary>
    /// The lecture's speakers: those given (ids unique, names checked), plus any a segment names that the list lacks, in
    /// order of first appearance; null when neither names any.
    /// </summary>
    public static IReadOnlyList<LectureSpeaker>? Normalize(IReadOnlyList<LectureSpeaker>? given, IReadOnlyList<TranscriptSegment> segments)
    {
        var speakers = new List<LectureSpeaker>();
        foreach (var (speaker, i) in (given ?? []).Select((s, i) => (s, i)))
        {
            var id = Id(speaker.Id, $"speakers[{i}].id") ?? throw new LectureValidationException($"speakers[{i}] needs an 'id'.");
            if (speakers.Any(s => s.Id == id))
            {
                throw new LectureValidationException($"speakers[{i}]: speaker '{id}' is listed twice.");
            }
            speakers.Add(new LectureSpeaker(id, Name(speaker.Name, $"speakers[{i}].name"), Voiceprint(speaker.Voiceprint)));
        }
        foreach (var id in segments.Select(s => s.Speaker).OfType<string>().Distinct())
        {
            if (speakers.All(s => s.Id != id))
            {
                speakers.Add(new LectureSpeaker(id));
            }
        }
        if (speakers.Count > MaxSpeakers)
        {
            throw new LectureValidationException($"A lecture may have at most {MaxSpeakers} speakers (got {speakers.Count}).");
        }
        return speakers.Count == 0 ? null : speakers;
    }

    /// <summary>A speaker id as given (trimmed), null when absent; 1–64 characters without control characters.</summary>
    public static string? Id(string? id, string what)
    {
        var trimmed = id?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        return trimmed.Length <= MaxIdLength && !trimmed.Any(char.IsControl)
            ? trimmed
            : throw new LectureValidationException($"{what} must be 1 to {MaxIdLength} characters without control characters.");
    }

    /// <summary>A speaker's name (trimmed), null to clear it; at most 100 characters without control characters.</summary>
    public static string? Name(string? name, string what)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        return trimmed.Length <= MaxNameLength && !trimmed.Any(char.IsControl)
            ? trimmed
            : throw new LectureValidationException($"{what} must be at most {MaxNameLength} characters without control characters.");
    }

    /// <summary>What subtitles and answers call a segment's speaker: its name, else its id; null without one.</summary>
    public static string? Label(Lecture lecture, TranscriptSegment segment) =>
        segment.Speaker is not { } id ? null : lecture.Speakers?.FirstOrDefault(s => s.Id == id)?.Name ?? id;

    /// <summary>The ids of the speakers a name or id refers to (case-insensitive), for filtering by speaker.</summary>
    public static HashSet<string> Matching(Lecture lecture, string who) =>
        [.. (lecture.Speakers ?? []).Where(s => string.Equals(s.Id, who.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(s.Name, who.Trim(), StringComparison.CurrentCultureIgnoreCase)).Select(s => s.Id)];

    private static string? Voiceprint(string? voiceprint) =>
        string.IsNullOrWhiteSpace(voiceprint) || voiceprint.Length > 128 ? null : voiceprint.Trim();
}
