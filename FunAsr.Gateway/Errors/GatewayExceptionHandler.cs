using System.Data.Common;
using FunAsr.Security.Limits;
using Microsoft.AspNetCore.Diagnostics;

namespace FunAsr.Gateway.Errors;

/// <summary>The accounts database or the limits store being down is the operator's problem, told to the caller as a 503 in words.</summary>
public sealed class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (title, detail, code) = exception switch
        {
            LimitStoreUnavailableException => ("Limits unavailable",
                "The gateway cannot check usage limits right now (its shared store is unreachable). Try again shortly.", "limits_unavailable"),
            DbException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException { InnerException: DbException } => ("Accounts unavailable",
                "The accounts database cannot be reached right now. Try again shortly; if it keeps failing, tell an administrator.", "accounts_unavailable"),
            _ => (null, null, null),
        };
        if (title is null || context.Response.HasStarted)
        {
            return false;
        }
        logger.LogError(exception, "{Title}", title);
        context.Response.Headers.RetryAfter = "5";
        await GatewayError.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, title, detail!, "server_error", code!);
        return true;
    }
}
