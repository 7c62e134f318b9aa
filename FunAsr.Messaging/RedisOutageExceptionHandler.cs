using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace FunAsr.Messaging;

/// <summary>
/// Answers a request that met a Redis outage (<see cref="RedisFault.IsOutage"/>) with 503 problem details and
/// <c>Retry-After</c> instead of a 500: the request was fine, the store behind it is briefly away. Register it with
/// <c>AddExceptionHandler</c> before <c>UseExceptionHandler</c> runs.
/// </summary>
public sealed class RedisOutageExceptionHandler(IProblemDetailsService problems, ILogger<RedisOutageExceptionHandler> logger) : IExceptionHandler
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!RedisFault.IsOutage(exception) || context.Response.HasStarted)
        {
            return false;
        }
        logger.LogWarning("{Method} {Path} answered 503: Redis is unavailable ({Reason})", context.Request.Method, context.Request.Path, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service Unavailable",
                Detail = "Redis, which holds this service's data, is not answering right now; retry shortly.",
                Extensions = { ["code"] = "redis_unavailable" },
            },
        });
    }
}
