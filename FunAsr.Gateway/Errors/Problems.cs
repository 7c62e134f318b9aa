using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Gateway.Errors;

/// <summary>Problem details for the gateway's own endpoints, with the stable <c>code</c> extension the page switches on.</summary>
public static class Problems
{
    public static ProblemHttpResult Of(int status, string title, string detail, string code) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}",
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult BadRequest(string detail, string code = "invalid_request") =>
        Of(StatusCodes.Status400BadRequest, "Invalid request", detail, code);

    public static ProblemHttpResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "Not found", detail, "not_found");

    public static ProblemHttpResult Conflict(string detail, string code) => Of(StatusCodes.Status409Conflict, "Conflict", detail, code);
}
