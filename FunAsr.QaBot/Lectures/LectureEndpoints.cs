using System.Security.Claims;
using FunAsr.QaBot.Ingest;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using FunAsr.Security.Authorization;
using FunAsr.Text.Subtitles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Lectures;

/// <summary>
/// <c>/api/qa/lectures</c>: create (ingest), list, fetch and delete lectures; correct their transcripts (versioned),
/// read the history of corrections, and download subtitles written from the corrected text. Everyone reads the lectures
/// shared with them (one they may not see answers 404, as if it did not exist); content users create, and correct or
/// delete those they see; admins everything.
/// </summary>
public static class LectureEndpoints
{
    public static RouteGroupBuilder MapLectureEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/qa/lectures").WithTags("Lectures").RequireRole(Roles.Employee);
        group.MapPost("/", CreateAsync).RequireRole(Roles.Content);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapDelete("/{id}", DeleteAsync).RequireRole(Roles.Content);
        group.MapPost("/{id}/edits", EditAsync).WithSummary("Correct the transcript: segment text and times, split, merge, title, visibility")
            .WithDescription("?preview=true answers the lecture as the edits would leave it, without saving.")
            .RequireRole(Roles.Content);
        group.MapGet("/{id}/versions", VersionsAsync).WithSummary("Who changed the lecture, when and what, oldest first");
        group.MapGet("/{id}/subtitles", SubtitlesAsync).WithSummary("The (corrected) transcript as txt, srt or vtt; speaker_labels=true starts cues with the speaker's name")
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/vtt", "application/x-subrip");
        return group;
    }

    private static async Task<Results<Created<Lecture>, Ok<Lecture>, ProblemHttpResult>> CreateAsync(
        CreateLectureRequest request, ClaimsPrincipal user, LectureIngestor ingestor, LectureStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(user);
        try
        {
            var ownership = Choose(caller, request.Visibility, request.Department);
            if (!string.IsNullOrWhiteSpace(request.Id) && await store.GetAsync(request.Id.Trim()) is { } existing && !existing.Access.CanManage(caller))
            {
                // Someone else's lecture is not replaced by posting its id.
                return TypedResults.Problem($"A lecture with id '{existing.Id}' already exists; choose another id.",
                    statusCode: StatusCodes.Status409Conflict, title: "Lecture id taken");
            }
            var result = await ingestor.IngestAsync(request with { Ownership = ownership }, "api", cancellationToken);
            return result.Outcome == IngestOutcome.Stored
                ? TypedResults.Created($"/api/qa/lectures/{result.Lecture.Id}", result.Lecture)
                : TypedResults.Ok(result.Lecture);
        }
        catch (LectureValidationException ex)
        {
            return Invalid(ex);
        }
    }

    private static async Task<Ok<IEnumerable<LectureSummary>>> ListAsync(ClaimsPrincipal user, LectureStore store)
    {
        var caller = Caller.Of(user);
        return TypedResults.Ok((await store.ListAsync()).Where(l => l.Access.CanRead(caller)).Select(l => l.ToSummary()));
    }

    private static async Task<Results<Ok<Lecture>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, LectureStore store) =>
        await VisibleAsync(id, user, store) is { } lecture ? TypedResults.Ok(lecture) : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, ClaimsPrincipal user, LectureStore store, LectureIndexer indexer, Learning.LearningEvents learning)
    {
        if (await VisibleAsync(id, user, store) is not { } lecture)
        {
            return NotFound(id);
        }
        if (!lecture.Access.CanManage(Caller.Of(user)))
        {
            return Forbidden(id);
        }
        if (!await store.DeleteAsync(id))
        {
            return NotFound(id);
        }
        indexer.Remove(id);
        await learning.LectureDeletedAsync(id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Lecture>, ProblemHttpResult>> EditAsync(
        string id, LectureEditRequest request, bool? preview, ClaimsPrincipal user, LectureEditor editor, CancellationToken cancellationToken)
    {
        try
        {
            var caller = Caller.Of(user);
            return TypedResults.Ok(preview == true
                ? await editor.PreviewAsync(id, request, caller)
                : await editor.EditAsync(id, request, caller, cancellationToken));
        }
        catch (LectureValidationException ex)
        {
            return Invalid(ex);
        }
        catch (LectureNotFoundException)
        {
            return NotFound(id);
        }
        catch (LectureForbiddenException)
        {
            return Forbidden(id);
        }
        catch (LectureVersionConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Edited meanwhile",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = ex.CurrentVersion });
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<LectureVersion>>, ProblemHttpResult>> VersionsAsync(
        string id, ClaimsPrincipal user, LectureStore store) =>
        await VisibleAsync(id, user, store) is null ? NotFound(id) : TypedResults.Ok(await store.GetHistoryAsync(id));

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SubtitlesAsync(
        string id, string? format, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "speaker_labels")] bool? speakerLabels, ClaimsPrincipal user, LectureStore store, IOptions<SubtitleRules> rules)
    {
        if (await VisibleAsync(id, user, store) is not { } lecture)
        {
            return NotFound(id);
        }
        if (SubtitleWriter.ParseFormat(format ?? "srt") is not { } kind)
        {
            return TypedResults.Problem($"Unknown format '{format}'. Valid values: txt, srt, vtt.", statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid format");
        }
        var content = SubtitleWriter.Write(kind, [.. lecture.Segments.Select(s => TranscriptEditor.Timed(s) with
        {
            Speaker = speakerLabels == true ? LectureSpeakers.Label(lecture, s) : null,
        })], rules.Value, lecture.Duration);
        var name = string.Concat(lecture.Title.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(content), SubtitleWriter.MediaType(kind), $"{name}.{SubtitleWriter.Extension(kind)}");
    }

    /// <summary>The lecture if the caller may see it; one they may not is treated as absent.</summary>
    public static async Task<Lecture?> VisibleAsync(string id, ClaimsPrincipal user, LectureStore store) =>
        await store.GetAsync(id) is { } lecture && lecture.Access.CanRead(Caller.Of(user)) ? lecture : null;

    /// <summary>The sharing asked for in a request: everyone (default), department (the caller's own unless named) or private.</summary>
    private static Ownership Choose(Caller caller, string? visibility, string? department)
    {
        var parsed = Visibility.Parse(visibility) ?? throw new LectureValidationException($"'visibility' must be {Visibility.Describe()}.");
        var ownership = Ownership.Of(caller, parsed, department);
        return ownership.Problem() is { } problem ? throw new LectureValidationException(problem) : ownership;
    }

    private static ProblemHttpResult Invalid(LectureValidationException ex) =>
        TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid lecture");

    private static ProblemHttpResult Forbidden(string id) =>
        TypedResults.Problem($"You may read lecture '{id}' but not change or delete it: it is neither yours nor shared with you to manage.",
            statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", extensions: new Dictionary<string, object?> { ["code"] = "forbidden" });

    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No lecture with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Lecture not found");
}
