using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FunAsr.AsrService.Api.Errors;

/// <summary>
/// Renders whatever an endpoint or the upload reader threw as problem details through <see cref="IProblemDetailsService"/>,
/// so the <c>/v1</c> group gets OpenAI error bodies (<see cref="OpenAiProblemWriter"/>) and <c>/api/asr</c> RFC 7807.
/// </summary>
public sealed class AsrExceptionHandler(IProblemDetailsService problems, ILogger<AsrExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var error = AsrErrors.TryMap(exception);
        if (error is null)
        {
            logger.LogError(exception, "Unhandled failure in {Endpoint}", context.GetEndpoint()?.DisplayName ?? context.Request.Path.Value);
            error = new AsrError(StatusCodes.Status500InternalServerError, "internal_error",
                $"The server failed to process the request ({exception.GetType().Name}); see the service log, trace id {context.TraceIdentifier}.");
        }
        else if (error.Status >= 500)
        {
            logger.LogWarning("{Path} answered {Status}: {Message}", context.Request.Path.Value, error.Status, error.Message);
        }
        context.Response.StatusCode = error.Status;
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = Problem(error),
        });
    }

    /// <summary>Problem details carrying the code and the parameter at fault as extensions.</summary>
    public static ProblemDetails Problem(AsrError error)
    {
        var problem = new ProblemDetails { Status = error.Status, Detail = error.Message };
        problem.Extensions["code"] = error.Code;
        if (error.Param is not null)
        {
            problem.Extensions["param"] = error.Param;
        }
        return problem;
    }
}
