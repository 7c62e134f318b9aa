using FunAsr.QaBot.Ingest;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.QaBot.Lectures;

/// <summary><c>/api/qa/lectures</c>: create (ingest), list, fetch and delete lectures.</summary>
public static class LectureEndpoints
{
    public static RouteGroupBuilder MapLectureEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/qa/lectures").WithTags("Lectures");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapDelete("/{id}", DeleteAsync);
        return group;
    }

    private static async Task<Results<Created<Lecture>, Ok<Lecture>, ProblemHttpResult>> CreateAsync(
        CreateLectureRequest request, LectureIngestor ingestor, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ingestor.IngestAsync(request, "api", cancellationToken);
            return result.Outcome == IngestOutcome.Stored
                ? TypedResults.Created($"/api/qa/lectures/{result.Lecture.Id}", result.Lecture)
                : TypedResults.Ok(result.Lecture);
        }
        catch (LectureValidationException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid lecture");
        }
    }

    private static async Task<Ok<IEnumerable<LectureSummary>>> ListAsync(LectureStore store) =>
        TypedResults.Ok((await store.ListAsync()).Select(l => l.ToSummary()));

    private static async Task<Results<Ok<Lecture>, ProblemHttpResult>> GetAsync(string id, LectureStore store) =>
        await store.GetAsync(id) is { } lecture ? TypedResults.Ok(lecture) : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, LectureStore store, LectureIndexer indexer, Learning.LearningEvents learning)
    {
        if (!await store.DeleteAsync(id))
        {
            return NotFound(id);
        }
        indexer.Remove(id);
        await learning.LectureDeletedAsync(id);
        return TypedResults.NoContent();
    }

    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No lecture with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Lecture not found");
}
