namespace FunAsr.AsrService.Api;

/// <summary>
/// A client-visible failure with its HTTP status; the /v1 group renders it as an OpenAI error body,
/// the /api/asr group as RFC 7807 problem details.
/// </summary>
public sealed class ApiError(int status, string code, string message, string? param = null, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>Machine-readable code, e.g. <c>unsupported_media</c>.</summary>
    public string Code { get; } = code;

    /// <summary>The request parameter at fault, if one is.</summary>
    public string? Param { get; } = param;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static ApiError BadRequest(string code, string message, string? param = null) =>
        new(StatusCodes.Status400BadRequest, code, message, param);

    public static ApiError NotFound(string message) => new(StatusCodes.Status404NotFound, "not_found", message);

    public static ApiError Unavailable(string code, string message, TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable, code, message, retryAfter: retryAfter);

    public static ApiError TooLarge(string code, string message, string? param = "file") =>
        new(StatusCodes.Status413PayloadTooLarge, code, message, param);
}
