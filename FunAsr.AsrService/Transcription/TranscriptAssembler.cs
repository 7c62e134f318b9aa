using FunAsr.Text.Joining;

namespace FunAsr.AsrService.Transcription;

/// <summary>Collects segments as the pipeline reports them and assembles the transcript: numbered segments, joined text, the prevailing language.</summary>
public sealed class TranscriptAssembler
{
    private readonly List<TranscriptSegment> _segments = [];

    public IReadOnlyList<TranscriptSegment> Segments => _segments;

    /// <summary>The text so far, joined by the one joining rule (jobs report it as their partial text).</summary>
    public string Text => TextJoiner.Join(_segments.Select(s => s.Text));

    public void Add(IEnumerable<TranscriptSegment> segments) => _segments.AddRange(segments);

    /// <param name="requestedLanguage">What the client asked for; the language when no segment names one.</param>
    public Transcript Build(string id, string? title, string model, string requestedLanguage, double duration)
    {
        var segments = _segments.Select((s, i) => s with { Id = i }).ToList();
        var language = segments.Where(s => !string.IsNullOrEmpty(s.Language) && s.Language != "nospeech")
            .GroupBy(s => s.Language!).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()
            ?? (string.IsNullOrEmpty(requestedLanguage) ? "auto" : requestedLanguage);
        return new Transcript(
            id, title, model, language,
            segments.FirstOrDefault()?.Emotion, segments.FirstOrDefault()?.Event,
            Math.Round(duration, 3),
            TextJoiner.Join(segments.Select(s => s.Text)),
            TextJoiner.Join(segments.Select(s => s.RichText)),
            segments);
    }

    public static string NewId() => Guid.NewGuid().ToString("N");
}
