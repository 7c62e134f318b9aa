using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FunAsr.Learning.Errors;

/// <summary>Domain exceptions as problem details (status, code, detail, request id); anything else stays a 500 without internals.</summary>
public sealed class LearningExceptionHandler(IProblemDetailsService problems, ILogger<LearningExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            return await WriteAsync(context, bad.StatusCode, "Invalid request", bad.Message, "bad_request");
        }
        if (exception is not LearningException learning)
        {
            logger.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
            return false;
        }
        if (learning is DependencyException)
        {
            logger.LogWarning("{Path}: {Message}", context.Request.Path, learning.Message);
        }
        return await WriteAsync(context, learning.Status, learning.Title, learning.Message, learning.Code);
    }

    private async ValueTask<bool> WriteAsync(HttpContext context, int status, string title, string detail, string code)
    {
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
