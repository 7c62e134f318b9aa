namespace FunAsr.AsrService.Transcription;

/// <summary>What kind of failure the service met, independent of how a protocol reports it.</summary>
public enum AsrFailure
{
    /// <summary>The request itself is wrong (a bad value, a missing file); retrying it unchanged fails again.</summary>
    InvalidRequest,
    /// <summary>What the request names does not exist (a job, a recording).</summary>
    NotFound,
    /// <summary>The thing exists but is in the wrong state for the request (a finished job cannot be cancelled).</summary>
    Conflict,
    /// <summary>The upload or its audio exceeds a limit.</summary>
    TooLarge,
    /// <summary>The upload is not media the service can take (no audio stream).</summary>
    UnsupportedMedia,
    /// <summary>The service is busy; the same request succeeds later (<see cref="AsrException.RetryAfter"/>).</summary>
    Busy,
    /// <summary>Something the request needs is down or not ready (the model, Redis, storage).</summary>
    Unavailable,
}

/// <summary>
/// A failure of the transcription core a client can act on: its kind, a machine-readable code (<c>audio_too_long</c>),
/// a message that says what to do, the request parameter at fault and when to retry. The HTTP edge maps the kind to a
/// status and renders it as an OpenAI error body or RFC 7807 problem details; the CLI prints the message.
/// </summary>
public sealed class AsrException(AsrFailure failure, string code, string message, string? param = null, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public AsrFailure Failure { get; } = failure;

    public string Code { get; } = code;

    public string? Param { get; } = param;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static AsrException Invalid(string code, string message, string? param = null) => new(AsrFailure.InvalidRequest, code, message, param);

    public static AsrException NotFound(string code, string message) => new(AsrFailure.NotFound, code, message);

    public static AsrException Conflict(string code, string message) => new(AsrFailure.Conflict, code, message);

    public static AsrException TooLarge(string code, string message, string? param = "file") => new(AsrFailure.TooLarge, code, message, param);

    public static AsrException Unavailable(string code, string message, TimeSpan retryAfter) =>
        new(AsrFailure.Unavailable, code, message, retryAfter: retryAfter);

    /// <summary>Prefixes the message (which file of several failed), keeping everything else.</summary>
    public AsrException About(string subject) => new(Failure, Code, $"{subject}: {Message}", Param, RetryAfter);
}
