using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunAsr.AsrService.Streaming;

/// <summary>How the client encodes its binary audio chunks.</summary>
public enum LiveAudioFormat
{
    PcmS16Le,
    F32Le,
}

/// <summary>The client's first message: what it will send and how it wants it transcribed.</summary>
/// <param name="Diarize">The final captions should say who speaks (<c>"diarize":true</c>).</param>
public sealed record LiveStartRequest(string Language, bool Itn, int SampleRate, LiveAudioFormat Format, IReadOnlyList<string> Hotwords, bool Diarize = false)
{
    public int BytesPerSample => Format == LiveAudioFormat.PcmS16Le ? 2 : 4;
}

/// <summary>A protocol error: the socket is closed with <see cref="Status"/> after an error message carrying <see cref="Code"/>.</summary>
public sealed class LiveProtocolException(WebSocketCloseStatus status, string code, string message) : Exception(message)
{
    public WebSocketCloseStatus Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>Close codes beyond the ones .NET names.</summary>
public static class LiveCloseStatus
{
    /// <summary>RFC 6455 registry: "Try Again Later" — the replica is at its stream limit.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;
}

/// <summary>Parses the JSON text messages of the live-caption protocol.</summary>
public static class LiveProtocol
{
    public const int RequiredSampleRate = 16_000;

    public static LiveStartRequest ParseStart(ReadOnlySpan<byte> utf8Json, IReadOnlyCollection<string> languages)
    {
        StartMessage message;
        try
        {
            message = JsonSerializer.Deserialize(utf8Json, LiveJsonContext.Default.StartMessage)
                ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new LiveProtocolException(WebSocketCloseStatus.InvalidPayloadData, "bad_json",
                $"The start message is not valid JSON ({ex.Message}).");
        }

        if (message.Type is not (null or "start"))
        {
            throw new LiveProtocolException(WebSocketCloseStatus.PolicyViolation, "start_expected",
                $"The first message must be the start message, not '{message.Type}'.");
        }

        var format = message.Format?.ToLowerInvariant() switch
        {
            null or "pcm_s16le" => LiveAudioFormat.PcmS16Le,
            "f32le" => LiveAudioFormat.F32Le,
            var other => throw new LiveProtocolException(WebSocketCloseStatus.InvalidPayloadData, "unknown_format",
                $"Unknown audio format '{other}'. Valid formats: pcm_s16le, f32le."),
        };

        var sampleRate = message.SampleRate ?? RequiredSampleRate;
        if (sampleRate != RequiredSampleRate)
        {
            throw new LiveProtocolException(WebSocketCloseStatus.InvalidPayloadData, "unsupported_sample_rate",
                $"sample_rate {sampleRate} is not supported: send 16000 Hz mono audio (resample on the client).");
        }

        var language = string.IsNullOrWhiteSpace(message.Language) ? "auto" : message.Language.Trim().ToLowerInvariant();
        if (language != "auto" && !languages.Contains(language))
        {
            throw new LiveProtocolException(WebSocketCloseStatus.InvalidPayloadData, "unknown_language",
                $"Unknown language '{language}'. Valid values: auto, {string.Join(", ", languages)}.");
        }

        return new LiveStartRequest(language, message.Itn ?? true, sampleRate, format, message.Hotwords ?? [], message.Diarize ?? false);
    }

    public static ControlMessage ParseControl(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var message = JsonSerializer.Deserialize(utf8Json, LiveJsonContext.Default.ControlMessage)
                ?? throw new JsonException("null");
            return message.Type switch
            {
                "stop" => message,
                _ => throw new LiveProtocolException(WebSocketCloseStatus.InvalidPayloadData, "unknown_message",
                    $"Unknown message type '{message.Type}'. After start, send binary audio or {{\"type\":\"stop\"}}."),
            };
        }
        catch (JsonException ex)
        {
            throw new LiveProtocolException(WebSocketCloseStatus.InvalidPayloadData, "bad_json", $"Not valid JSON ({ex.Message}).");
        }
    }

    public sealed record StartMessage(
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("language")] string? Language,
        [property: JsonPropertyName("itn")] bool? Itn,
        [property: JsonPropertyName("sample_rate")] int? SampleRate,
        [property: JsonPropertyName("format")] string? Format,
        [property: JsonPropertyName("hotwords")] IReadOnlyList<string>? Hotwords,
        [property: JsonPropertyName("diarize")] bool? Diarize = null);

    /// <summary><c>{"type":"stop","save":true,"title":"…"}</c>: end the stream, optionally saving the transcript as a lecture.</summary>
    public sealed record ControlMessage(
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("save")] bool? Save,
        [property: JsonPropertyName("title")] string? Title);
}
