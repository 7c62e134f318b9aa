using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using FunAsr.QaBot.Access;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// <c>/api/qa/ask</c>: JSON answers, SSE streaming answers, and spoken questions, for every signed-in caller, answered
/// only from the lectures the asker may read.
/// </summary>
public static class AskEndpoints
{
    public const long MaxVoiceBytes = 25 * 1024 * 1024;

    public static RouteGroupBuilder MapAskEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/qa/ask").WithTags("Ask").RequireRole(Roles.Employee);
        group.MapPost("/", AskAsync);
        group.MapPost("/stream", Stream);
        group.MapPost("/voice", VoiceAsync).DisableAntiforgery();
        return group;
    }

    private static async Task<Results<Ok<AskResponse>, ProblemHttpResult>> AskAsync(
        AskRequest request, ClaimsPrincipal user, ReadableLectures readable, AskService ask, HttpContext http, Learning.LearningEvents learning,
        CancellationToken cancellationToken)
    {
        if (AskService.Validate(request) is { } problem)
        {
            return BadRequest(problem);
        }
        var response = await ask.AskAsync(request with { Readable = await readable.OfAsync(Caller.Of(user)) }, cancellationToken);
        await learning.QuestionAnsweredAsync(http, request.Question!, request.Language, response);
        return TypedResults.Ok(response);
    }

    /// <summary>Events: <c>delta</c> <c>{text}</c> as the answer is written, then <c>done</c> with the validated answer and citations.</summary>
    private static async Task<IResult> Stream(
        AskRequest request, ClaimsPrincipal user, ReadableLectures readable, AskService ask, HttpContext http, Learning.LearningEvents learning,
        CancellationToken cancellationToken)
    {
        if (AskService.Validate(request) is { } problem)
        {
            return BadRequest(problem);
        }
        var scoped = request with { Readable = await readable.OfAsync(Caller.Of(user)) };
        return TypedResults.ServerSentEvents(Events(scoped, ask, http, learning, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Events(AskRequest request, AskService ask, HttpContext http, Learning.LearningEvents learning,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (delta, final) in ask.StreamAsync(request, cancellationToken))
        {
            if (final is not null)
            {
                await learning.QuestionAnsweredAsync(http, request.Question!, request.Language, final);
            }
            yield return final is null
                ? new SseItem<object>(new { text = delta }, "delta")
                : new SseItem<object>(final, "done");
        }
    }

    private static async Task<Results<Ok<AskResponse>, ProblemHttpResult>> VoiceAsync(
        HttpRequest http, ClaimsPrincipal user, ReadableLectures readable, AsrClient asr, AskService ask, Learning.LearningEvents learning,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(user);
        if (!http.HasFormContentType)
        {
            return BadRequest("Send the spoken question as multipart/form-data with a 'file' field.");
        }
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return BadRequest("The multipart body is malformed: " + ex.Message);
        }
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return BadRequest("The 'file' field with the recorded question is missing or empty.");
        }
        if (file.Length > MaxVoiceBytes)
        {
            return BadRequest($"The recording is {file.Length} bytes; at most {MaxVoiceBytes} are allowed for a question.");
        }
        var language = form["language"].FirstOrDefault();
        string question;
        try
        {
            await using var audio = file.OpenReadStream();
            (question, _) = await asr.TranscribeAsync(audio, file.FileName, file.ContentType, language, caller, cancellationToken);
        }
        catch (AsrFailedException ex) when (ex.Status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            // The ASR service is at capacity: say so, and when to come back, instead of blaming the recording.
            http.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling((ex.RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem("The speech recognition service is busy: " + ex.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "ASR busy");
        }
        catch (AsrFailedException ex) when (ex.Status is >= 400 and < 500)
        {
            return BadRequest("The recording could not be transcribed: " + ex.Message);
        }
        catch (AsrTimeoutException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status504GatewayTimeout, title: "ASR timed out");
        }
        catch (Exception ex) when (ex is AsrFailedException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem("The speech recognition service is unavailable: " + ex.Message,
                statusCode: StatusCodes.Status502BadGateway, title: "ASR unavailable");
        }
        if (string.IsNullOrWhiteSpace(question))
        {
            return BadRequest("No speech was recognised in the recording.");
        }
        var request = new AskRequest(question, form["lectureIds"].Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).ToList(), language)
        {
            Readable = await readable.OfAsync(caller),
        };
        var response = await ask.AskAsync(request, cancellationToken);
        await learning.QuestionAnsweredAsync(http.HttpContext, question, language, response);
        return TypedResults.Ok(response with { Question = question });
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
}
