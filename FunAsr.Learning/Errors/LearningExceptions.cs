namespace FunAsr.Learning.Errors;

/// <summary>A failure the caller can act on; the edge turns it into RFC 7807 problem details with <see cref="Code"/>.</summary>
public abstract class LearningException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public abstract string Title { get; }
}

public sealed class NotFoundException(string code, string message) : LearningException(StatusCodes.Status404NotFound, code, message)
{
    public override string Title => "Not found";
}

public sealed class InvalidInputException(string code, string message) : LearningException(StatusCodes.Status400BadRequest, code, message)
{
    public override string Title => "Invalid request";
}

public sealed class ConflictException(string code, string message) : LearningException(StatusCodes.Status409Conflict, code, message)
{
    public override string Title => "Conflict";
}

public sealed class ForbiddenException(string code, string message) : LearningException(StatusCodes.Status403Forbidden, code, message)
{
    public override string Title => "Not allowed";
}

/// <summary>A service the learning layer depends on (QaBot, the ASR service) did not answer usefully.</summary>
public sealed class DependencyException(string code, string message, int status = StatusCodes.Status503ServiceUnavailable)
    : LearningException(status, code, message)
{
    public override string Title => "Service unavailable";
}

public sealed class PayloadTooLargeException(long limit)
    : LearningException(StatusCodes.Status413PayloadTooLarge, "too_large", $"A spoken answer may be at most {limit / (1024 * 1024)} MB; record a shorter one.")
{
    public override string Title => "Too large";
}
