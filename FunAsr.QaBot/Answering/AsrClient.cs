using System.Net.Http.Headers;
using System.Text.Json;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Telemetry;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// Transcribes a spoken question with the ASR service (<c>http://asr</c>, resolved by service discovery). A transcription
/// is work the service may already be doing, so it is sent once: only a connection that never opened is tried again,
/// never a 429, a 5xx or a timeout. The time allowed grows with the recording (<see cref="TimeoutFor"/>). The request
/// carries a fresh internal token naming the asker, relayed by this service (<see cref="Relay"/>): the ASR service lets
/// the relay transcribe an employee's question and charges the audio to the asker.
/// </summary>
public sealed class AsrClient(HttpClient http, IOptions<QaBotOptions> options, InternalTokenIssuer tokens)
{
    /// <summary>How this service names itself when it relays a caller's request (the ASR service's policy expects it).</summary>
    public const string Relay = "qabot";

    public async Task<(string Text, string? Language)> TranscribeAsync(
        Stream audio, string fileName, string? contentType, string? language, Caller caller, CancellationToken cancellationToken)
    {
        using var span = QaTelemetry.Source.StartActivity("qabot.asr.transcribe");
        using var form = new MultipartFormDataContent();
        // Buffered so a connection that failed before sending can be retried with the same body.
        using var buffer = new MemoryStream();
        await audio.CopyToAsync(buffer, cancellationToken);
        var file = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType);
        form.Add(file, "file", fileName);
        if (!string.IsNullOrWhiteSpace(language))
        {
            form.Add(new StringContent(language), "language");
        }

        var allowed = TimeoutFor(buffer.Length);
        span?.SetTag("qabot.asr.upload_bytes", buffer.Length);
        span?.SetTag("qabot.asr.timeout_s", allowed.TotalSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(allowed);
        HttpResponseMessage response;
        string body;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/asr/transcriptions") { Content = form };
            request.Headers.TryAddWithoutValidation(InternalAuthentication.HeaderName, tokens.Issue(caller with { Via = Relay }));
            response = await http.SendAsync(request, deadline.Token);
            body = await response.Content.ReadAsStringAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AsrTimeoutException(allowed, buffer.Length);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new AsrFailedException((int)response.StatusCode, ProblemDetail(body) ?? body) { RetryAfter = RetryAfter(response) };
            }
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var text = root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
            var detected = root.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            return (text.Trim(), detected);
        }
    }

    /// <summary>
    /// <see cref="AsrClientOptions.Timeout"/> plus <see cref="AsrClientOptions.TimeoutPerMegabyte"/> for each megabyte of
    /// the recording, at most <see cref="AsrClientOptions.MaxTimeout"/>: a few seconds of speech need little, a long
    /// question recorded at a high bit rate more.
    /// </summary>
    public TimeSpan TimeoutFor(long bytes)
    {
        var asr = options.Value.Asr;
        var sized = asr.Timeout + asr.TimeoutPerMegabyte * (bytes / (1024.0 * 1024));
        return sized < asr.MaxTimeout ? sized : asr.MaxTimeout;
    }

    /// <summary>
    /// The retry an upload may have: a connection that could not be opened sent nothing, so another attempt cannot
    /// repeat work; anything that reached the service (an answer of any status, a broken or slow response) is final.
    /// </summary>
    public static void ConfigureRetry(ResiliencePipelineBuilder<HttpResponseMessage> pipeline) =>
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }),
        });

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    private static string? ProblemDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed class AsrFailedException(int status, string detail) : Exception($"The ASR service answered {status}: {detail}")
{
    public int Status { get; } = status;

    /// <summary>What the ASR service asked for in Retry-After (a busy or overloaded replica).</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>The ASR service did not answer within the time allowed for this recording.</summary>
public sealed class AsrTimeoutException(TimeSpan allowed, long bytes)
    : Exception($"The ASR service did not answer within {allowed.TotalSeconds:0.#} s (allowed for {bytes} bytes of audio).");
