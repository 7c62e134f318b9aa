using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Transcription;
using StackExchange.Redis;

namespace FunAsr.AsrService.Api.Errors;

/// <summary>A failure as a client sees it: status, machine-readable code, message, the parameter at fault, when to retry.</summary>
public sealed record AsrError(int Status, string Code, string Message, string? Param = null, TimeSpan? RetryAfter = null);

/// <summary>The edge's one mapping from what the core throws to what a client is told; both dialects render its result.</summary>
public static class AsrErrors
{
    /// <summary>Null for exceptions that are bugs or outages the client cannot act on (rendered as 500).</summary>
    public static AsrError? TryMap(Exception exception) => exception switch
    {
        AsrException asr => new AsrError(Status(asr.Failure), asr.Code, asr.Message, asr.Param, asr.RetryAfter),
        AudioDecodeException decode => FromDecode(decode),
        InferenceQueueFullException full => new AsrError(StatusCodes.Status429TooManyRequests, "queue_full", full.Message,
            RetryAfter: TimeSpan.FromSeconds(2)),
        AdmissionRejectedException { RetryAfter: { } retryAfter } busy => new AsrError(StatusCodes.Status503ServiceUnavailable, "server_busy",
            busy.Message, RetryAfter: retryAfter),
        AdmissionRejectedException tooBig => new AsrError(StatusCodes.Status413PayloadTooLarge, "over_memory_budget", tooBig.Message, "file"),
        RedisException redis => new AsrError(StatusCodes.Status503ServiceUnavailable, "redis_unavailable",
            $"Redis, which holds jobs, is unavailable ({redis.GetType().Name}); retry later.", RetryAfter: TimeSpan.FromSeconds(30)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge =>
            new AsrError(StatusCodes.Status413PayloadTooLarge, "file_too_large", tooLarge.Message, "file"),
        BadHttpRequestException bad => new AsrError(StatusCodes.Status400BadRequest, "bad_request", bad.Message),
        _ => null,
    };

    public static int Status(AsrFailure failure) => failure switch
    {
        AsrFailure.InvalidRequest => StatusCodes.Status400BadRequest,
        AsrFailure.NotFound => StatusCodes.Status404NotFound,
        AsrFailure.Conflict => StatusCodes.Status409Conflict,
        AsrFailure.TooLarge => StatusCodes.Status413PayloadTooLarge,
        AsrFailure.UnsupportedMedia => StatusCodes.Status415UnsupportedMediaType,
        AsrFailure.Busy => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    private static AsrError FromDecode(AudioDecodeException decode) => decode.Failure switch
    {
        AudioDecodeFailure.TooLong => new(StatusCodes.Status413PayloadTooLarge, "audio_too_long", decode.Message, "file"),
        AudioDecodeFailure.NoAudioStream => new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media", decode.Message, "file"),
        AudioDecodeFailure.DecoderUnavailable => new(StatusCodes.Status503ServiceUnavailable, "decoder_unavailable", decode.Message,
            RetryAfter: TimeSpan.FromSeconds(30)),
        AudioDecodeFailure.Empty => new(StatusCodes.Status400BadRequest, "empty_audio", decode.Message, "file"),
        AudioDecodeFailure.TimedOut => new(StatusCodes.Status422UnprocessableEntity, "decode_timeout", decode.Message, "file"),
        _ => new(StatusCodes.Status400BadRequest, "undecodable_audio", decode.Message, "file"),
    };
}
