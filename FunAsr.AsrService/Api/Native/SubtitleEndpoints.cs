using FunAsr.AsrService.Transcription;
using FunAsr.Text.Subtitles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Native;

/// <summary>
/// Writes a transcript the client holds (the page's result of a synchronous request) as TXT, SRT or WebVTT with the
/// same writer and rules as every other download, so the page never writes subtitles of its own.
/// </summary>
public static class SubtitleEndpoints
{
    public const int MaxSegments = 20_000;

    public static RouteGroupBuilder MapSubtitleEndpoints(this RouteGroupBuilder asr)
    {
        asr.MapPost("/subtitles", Write)
            .WithName("WriteSubtitles")
            .WithSummary("Write a transcript as txt, srt or vtt")
            .WithDescription("Body: a transcript (duration, segments with start, end, text and words). Cues follow the subtitle rules (Asr:Subtitles).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/vtt", "application/x-subrip")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return asr;
    }

    private static ContentHttpResult Write(SubtitleRequest request, string? format, bool? rich, IOptions<SubtitleRules> rules)
    {
        var kind = SubtitleWriter.ParseFormat(format ?? "srt")
            ?? throw AsrException.Invalid("invalid_value", $"Unknown format '{format}'. Valid values: txt, srt, vtt.", "format");
        if (request.Segments is not { } segments)
        {
            throw AsrException.Invalid("missing_segments", "The body needs 'segments': [{start, end, text, words?}].", "segments");
        }
        if (segments.Count > MaxSegments)
        {
            throw AsrException.Invalid("too_many_segments", $"At most {MaxSegments} segments (got {segments.Count}).", "segments");
        }
        if (segments.FirstOrDefault(s => !double.IsFinite(s.Start) || !double.IsFinite(s.End) || s.Start < 0 || s.End < s.Start) is { } bad)
        {
            throw AsrException.Invalid("invalid_times", $"A segment has invalid times (start {bad.Start}, end {bad.End}): need 0 <= start <= end.", "segments");
        }
        var useRich = rich ?? false;
        var texts = segments.Select(s => new TimedText(s.Start, s.End, (useRich ? s.RichText ?? s.Text : s.Text) ?? string.Empty,
            [.. (s.Words ?? []).Select(w => new TimedWord(w.Word, w.Start, w.End))])).ToList();
        return TypedResults.Text(SubtitleWriter.Write(kind, texts, rules.Value, request.Duration), SubtitleWriter.MediaType(kind));
    }
}
