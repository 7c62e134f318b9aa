using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FunAsr.Learning.Compliance;

/// <summary>What the compliance core throws; the edge turns each into RFC 7807 problem details.</summary>
public abstract class ComplianceException(string message, int status, string title, string code) : Exception(message)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Code { get; } = code;
}

public sealed class ComplianceNotFoundException(string what) : ComplianceException($"{what} was not found.", StatusCodes.Status404NotFound, "Not found", "not_found");

public sealed class ComplianceValidationException(string message) : ComplianceException(message, StatusCodes.Status400BadRequest, "Invalid request", "invalid_request");

public sealed class ComplianceConflictException(string message, string code = "conflict") : ComplianceException(message, StatusCodes.Status409Conflict, "Conflict", code);

/// <summary>No anchor sink took the checkpoint: the head is not anchored outside the database until one does.</summary>
public sealed class AnchorUnavailableException(string reasons)
    : ComplianceException($"No anchor sink took the checkpoint ({reasons}).", StatusCodes.Status503ServiceUnavailable, "Anchor unavailable", "anchor_unavailable");

/// <summary>
/// The caller must prove again who they are (password or single sign-on) before attesting. 403, not 401: the session
/// is fine (a 401 would tell the page it ended); it is only not fresh enough for a signature.
/// </summary>
public sealed class ReauthenticationRequiredException(string message)
    : ComplianceException(message, StatusCodes.Status403Forbidden, "Re-authentication required", "reauthentication_required");

/// <summary>Maps <see cref="ComplianceException"/> to problem details with its status and a <c>code</c> the page can act on.</summary>
public sealed class ComplianceExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ComplianceException error)
        {
            return false;
        }
        context.Response.StatusCode = error.Status;
        var details = new ProblemDetails { Status = error.Status, Title = error.Title, Detail = error.Message };
        details.Extensions["code"] = error.Code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
