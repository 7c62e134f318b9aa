using FunAsr.AsrService.Admission;
using FunAsr.AsrService.Audio;
using FunAsr.AsrService.Inference;
using StackExchange.Redis;

namespace FunAsr.AsrService.Api;

/// <summary>Turns the exceptions the pipeline can raise into the client-visible <see cref="ApiError"/>.</summary>
public static class ApiErrorMapper
{
    /// <summary>Returns null for exceptions that are bugs or outages the client cannot act on (rendered as 500).</summary>
    public static ApiError? TryMap(Exception exception) => exception switch
    {
        ApiError error => error,
        AudioDecodeException decode => FromDecode(decode),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge =>
            ApiError.TooLarge("file_too_large", tooLarge.Message),
        BadHttpRequestException bad => ApiError.BadRequest("bad_request", bad.Message),
        RedisException redis => ApiError.Unavailable("redis_unavailable",
            $"Redis, which holds jobs, is unavailable ({redis.GetType().Name}); retry later.", TimeSpan.FromSeconds(30)),
        AdmissionRejectedException { RetryAfter: { } retryAfter } busy => ApiError.Unavailable("server_busy", busy.Message, retryAfter),
        AdmissionRejectedException tooBig => ApiError.TooLarge("over_memory_budget", tooBig.Message),
        InferenceQueueFullException full => new ApiError(
            StatusCodes.Status429TooManyRequests, "queue_full", full.Message, retryAfter: TimeSpan.FromSeconds(2)),
        _ => null,
    };

    private static ApiError FromDecode(AudioDecodeException decode) => decode.Failure switch
    {
        AudioDecodeFailure.TooLong => ApiError.TooLarge("audio_too_long", decode.Message),
        AudioDecodeFailure.NoAudioStream => new ApiError(
            StatusCodes.Status415UnsupportedMediaType, "unsupported_media", decode.Message, "file"),
        AudioDecodeFailure.DecoderUnavailable => ApiError.Unavailable(
            "decoder_unavailable", decode.Message, TimeSpan.FromSeconds(30)),
        AudioDecodeFailure.Empty => ApiError.BadRequest("empty_audio", decode.Message, "file"),
        AudioDecodeFailure.TimedOut => new ApiError(StatusCodes.Status422UnprocessableEntity, "decode_timeout", decode.Message, "file"),
        _ => ApiError.BadRequest("undecodable_audio", decode.Message, "file"),
    };
}
