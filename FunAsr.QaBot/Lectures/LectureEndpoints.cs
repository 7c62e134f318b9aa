using FunAsr.QaBot.Ingest;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using FunAsr.Text.Subtitles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Lectures;

/// <summary>
/// <c>/api/qa/lectures</c>: create (ingest), list, fetch and delete lectures; correct their transcripts (versioned),
/// read the history of corrections, and download subtitles written from the corrected text.
/// </summary>
public static class LectureEndpoints
{
    public static RouteGroupBuilder MapLectureEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/qa/lectures").WithTags("Lectures");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapDelete("/{id}", DeleteAsync);
        group.MapPost("/{id}/edits", EditAsync).WithSummary("Correct the transcript: segment text and times, split, merge, title, visibility")
            .WithDescription("?preview=true answers the lecture as the edits would leave it, without saving.");
        group.MapGet("/{id}/versions", VersionsAsync).WithSummary("Who changed the lecture, when and what, oldest first");
        group.MapGet("/{id}/subtitles", SubtitlesAsync).WithSummary("The (corrected) transcript as txt, srt or vtt")
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/vtt", "application/x-subrip");
        return group;
    }

    private static async Task<Results<Created<Lecture>, Ok<Lecture>, ProblemHttpResult>> CreateAsync(
        CreateLectureRequest request, HttpContext context, LectureIngestor ingestor, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ingestor.IngestAsync(request with { Owner = Actor.Of(context) }, "api", cancellationToken);
            return result.Outcome == IngestOutcome.Stored
                ? TypedResults.Created($"/api/qa/lectures/{result.Lecture.Id}", result.Lecture)
                : TypedResults.Ok(result.Lecture);
        }
        catch (LectureValidationException ex)
        {
            return Invalid(ex);
        }
    }

    private static async Task<Ok<IEnumerable<LectureSummary>>> ListAsync(HttpContext context, LectureStore store)
    {
        var actor = Actor.Of(context);
        return TypedResults.Ok((await store.ListAsync()).Where(l => LectureVisibility.CanSee(l, actor)).Select(l => l.ToSummary()));
    }

    private static async Task<Results<Ok<Lecture>, ProblemHttpResult>> GetAsync(string id, HttpContext context, LectureStore store) =>
        await VisibleAsync(id, context, store) is { } lecture ? TypedResults.Ok(lecture) : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, LectureStore store, LectureIndexer indexer)
    {
        if (await VisibleAsync(id, context, store) is null || !await store.DeleteAsync(id))
        {
            return NotFound(id);
        }
        indexer.Remove(id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Lecture>, ProblemHttpResult>> EditAsync(
        string id, LectureEditRequest request, bool? preview, HttpContext context, LectureEditor editor, CancellationToken cancellationToken)
    {
        try
        {
            var actor = Actor.Of(context);
            return TypedResults.Ok(preview == true
                ? await editor.PreviewAsync(id, request, actor)
                : await editor.EditAsync(id, request, actor, cancellationToken));
        }
        catch (LectureValidationException ex)
        {
            return Invalid(ex);
        }
        catch (LectureNotFoundException)
        {
            return NotFound(id);
        }
        catch (LectureVersionConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Edited meanwhile",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = ex.CurrentVersion });
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<LectureVersion>>, ProblemHttpResult>> VersionsAsync(
        string id, HttpContext context, LectureStore store) =>
        await VisibleAsync(id, context, store) is null ? NotFound(id) : TypedResults.Ok(await store.GetHistoryAsync(id));

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SubtitlesAsync(
        string id, string? format, HttpContext context, LectureStore store, IOptions<SubtitleRules> rules)
    {
        if (await VisibleAsync(id, context, store) is not { } lecture)
        {
            return NotFound(id);
        }
        if (SubtitleWriter.ParseFormat(format ?? "srt") is not { } kind)
        {
            return TypedResults.Problem($"Unknown format '{format}'. Valid values: txt, srt, vtt.", statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid format");
        }
        var content = SubtitleWriter.Write(kind, [.. lecture.Segments.Select(TranscriptEditor.Timed)], rules.Value, lecture.Duration);
        var name = string.Concat(lecture.Title.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(content), SubtitleWriter.MediaType(kind), $"{name}.{SubtitleWriter.Extension(kind)}");
    }

    private static async Task<Lecture?> VisibleAsync(string id, HttpContext context, LectureStore store) =>
        await store.GetAsync(id) is { } lecture && LectureVisibility.CanSee(lecture, Actor.Of(context)) ? lecture : null;

    private static ProblemHttpResult Invalid(LectureValidationException ex) =>
        TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid lecture");

    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No lecture with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Lecture not found");
}
