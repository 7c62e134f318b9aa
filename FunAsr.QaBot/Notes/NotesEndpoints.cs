using System.Security.Claims;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Storage;
using FunAsr.Security.Authorization;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// <c>POST /api/qa/lectures/{id}/notes</c>[?mode=extractive|generative][&amp;refresh=true][&amp;format=markdown|vtt] (vtt: the
/// chapters as WebVTT), for anyone who may read the lecture.
/// </summary>
public static class NotesEndpoints
{
    public static IEndpointRouteBuilder MapNotesEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/qa/lectures").WithTags("Notes").RequireRole(Roles.Employee).MapPost("/{id}/notes", CreateAsync);
        return routes;
    }

    private static async Task<IResult> CreateAsync(
        string id, string? mode, bool? refresh, string? format, ClaimsPrincipal user, LectureStore store, NotesService notes, CancellationToken cancellationToken)
    {
        if (await LectureEndpoints.VisibleAsync(id, user, store) is null)
        {
            return LectureEndpoints.NotFound(id);
        }
        if (format is not (null or "json" or "markdown" or "vtt"))
        {
            return TypedResults.Problem($"Unknown format '{format}': use 'json', 'markdown' or 'vtt'.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }
        LectureNotes? result;
        try
        {
            result = await notes.GetAsync(id, mode, refresh ?? false, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }
        if (result is null)
        {
            return LectureEndpoints.NotFound(id);
        }
        return format switch
        {
            "markdown" => TypedResults.Text(result.Markdown, "text/markdown; charset=utf-8"),
            "vtt" => TypedResults.Text(NotesWebVtt.Render(result), "text/vtt; charset=utf-8"),
            _ => TypedResults.Ok(result),
        };
    }
}
