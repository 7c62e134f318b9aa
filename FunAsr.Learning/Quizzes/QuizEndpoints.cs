using System.Security.Claims;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Grading;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Quizzes;

/// <summary>Generating and reviewing quizzes (content role), taking them (employees), and transcribing spoken answers.</summary>
public static class QuizEndpoints
{
    public static RouteGroupBuilder MapQuizEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/lectures/{id}/quiz", GenerateAsync).RequireRole(Roles.Content).WithSummary("Generate a draft quiz from a lecture");
        api.MapGet("/quizzes", ListAsync).WithSummary("Quizzes (published ones for employees)");
        api.MapGet("/quizzes/{id:guid}", ViewAsync).WithSummary("A published quiz as a learner takes it (no answers)");
        api.MapPost("/quizzes/{id:guid}/attempts", AttemptAsync).WithSummary("Grade an attempt; mastery, reviews and records follow");
        api.MapPost("/voice", TranscribeAsync).DisableAntiforgery().WithSummary("Transcribe a spoken answer (multipart 'file', optional 'language')");

        var review = api.MapGroup("/quizzes/{id:guid}").RequireRole(Roles.Content);
        review.MapGet("/review", DetailAsync).WithSummary("A quiz with its answers, for review");
        review.MapPut("/items/{itemId:int}", EditAsync).WithSummary("Edit an item");
        review.MapDelete("/items/{itemId:int}", DeleteItemAsync).WithSummary("Delete an item");
        review.MapPost("/items/{itemId:int}/approve", ApproveAsync).WithSummary("Approve an item");
        review.MapPost("/publish", PublishAsync).WithSummary("Publish the approved items to employees");
        review.MapDelete("/", DeleteAsync).WithSummary("Delete a quiz nobody has taken");
        return api;
    }

    private static async Task<Created<QuizDetail>> GenerateAsync(string id, ClaimsPrincipal user, QuizService quizzes, CancellationToken cancellationToken)
    {
        var quiz = await quizzes.GenerateAsync(id, Caller.Of(user), cancellationToken);
        return TypedResults.Created($"/api/learning/quizzes/{quiz.Id}/review", quiz);
    }

    private static async Task<Ok<IReadOnlyList<QuizSummary>>> ListAsync(ClaimsPrincipal user, QuizService quizzes, string? lectureId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quizzes.ListAsync(Caller.Of(user), lectureId, cancellationToken));

    private static async Task<Ok<QuizView>> ViewAsync(Guid id, QuizService quizzes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quizzes.ViewAsync(id, cancellationToken));

    private static async Task<Ok<QuizDetail>> DetailAsync(Guid id, QuizService quizzes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quizzes.DetailAsync(id, cancellationToken));

    private static async Task<Ok<QuizItemDetail>> EditAsync(Guid id, int itemId, ItemEdit edit, ClaimsPrincipal user, QuizService quizzes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quizzes.EditItemAsync(id, itemId, edit, Caller.Of(user), cancellationToken));

    private static async Task<NoContent> DeleteItemAsync(Guid id, int itemId, QuizService quizzes, CancellationToken cancellationToken)
    {
        await quizzes.DeleteItemAsync(id, itemId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<QuizItemDetail>> ApproveAsync(Guid id, int itemId, ClaimsPrincipal user, QuizService quizzes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quizzes.ApproveItemAsync(id, itemId, Caller.Of(user), cancellationToken));

    private static async Task<Ok<QuizDetail>> PublishAsync(Guid id, PublishRequest? request, ClaimsPrincipal user, QuizService quizzes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quizzes.PublishAsync(id, request ?? new PublishRequest(), Caller.Of(user), cancellationToken));

    private static async Task<NoContent> DeleteAsync(Guid id, QuizService quizzes, CancellationToken cancellationToken)
    {
        await quizzes.DeleteQuizAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AttemptResult>> AttemptAsync(Guid id, AttemptRequest request, ClaimsPrincipal user, AttemptService attempts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await attempts.GradeAsync(id, request, Caller.Of(user), cancellationToken));

    private static async Task<Ok<Transcription>> TranscribeAsync(HttpRequest http, VoiceTranscriber transcriber, IOptions<LearningOptions> options, CancellationToken cancellationToken)
    {
        if (!http.HasFormContentType)
        {
            throw new InvalidInputException("not_multipart", "Send the spoken answer as multipart/form-data with a 'file' field.");
        }
        var limit = options.Value.Quiz.MaxVoiceBytes;
        if (http.ContentLength > limit + 64 * 1024)
        {
            throw new PayloadTooLargeException(limit);
        }
        var form = await http.ReadFormAsync(cancellationToken);
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            throw new InvalidInputException("missing_file", "The 'file' part with the recording is missing or empty.");
        }
        if (file.Length > limit)
        {
            throw new PayloadTooLargeException(limit);
        }
        await using var audio = file.OpenReadStream();
        return TypedResults.Ok(await transcriber.TranscribeAsync(audio, file.FileName, file.ContentType, form["language"].ToString(), cancellationToken));
    }
}
