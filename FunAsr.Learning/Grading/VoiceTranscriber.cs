using System.Net.Http.Headers;
using System.Text.Json;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Telemetry;
using FunAsr.Security.InternalTokens;

namespace FunAsr.Learning.Grading;

public sealed record Transcription(string Text, string? Language);

/// <summary>
/// Transcribes a spoken answer with the ASR service (<c>http://asr</c>, by service discovery), under the caller's own
/// gateway token so the audio counts against their quota.
/// </summary>
public sealed class VoiceTranscriber(HttpClient http, IHttpContextAccessor context, LearningTelemetry telemetry)
{
    public async Task<Transcription> TranscribeAsync(Stream audio, string fileName, string? contentType, string? language, CancellationToken cancellationToken)
    {
        using var span = LearningTelemetry.Source.StartActivity("learning.voice.transcribe");
        using var buffer = new MemoryStream();
        await audio.CopyToAsync(buffer, cancellationToken);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType);
        form.Add(file, "file", string.IsNullOrWhiteSpace(fileName) ? "answer.webm" : fileName);
        if (!string.IsNullOrWhiteSpace(language))
        {
            form.Add(new StringContent(language), "language");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/asr/transcriptions") { Content = form };
        if (context.HttpContext?.Request.Headers[InternalAuthentication.HeaderName].ToString() is { Length: > 0 } token)
        {
            request.Headers.Add(InternalAuthentication.HeaderName, token);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            telemetry.Transcriptions.Add(1, new KeyValuePair<string, object?>("result", "unavailable"));
            throw new DependencyException("asr_unavailable", $"The speech service did not answer: {ex.Message}. Type the answer instead.");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                telemetry.Transcriptions.Add(1, new KeyValuePair<string, object?>("result", "refused"));
                var status = (int)response.StatusCode is >= 400 and < 500 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status503ServiceUnavailable;
                throw new DependencyException("asr_failed", $"The speech service could not transcribe the answer ({(int)response.StatusCode}): {Detail(body)}", status);
            }
            using var json = JsonDocument.Parse(body);
            var text = json.RootElement.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
            var detected = json.RootElement.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            telemetry.Transcriptions.Add(1, new KeyValuePair<string, object?>("result", "ok"));
            span?.SetTag("learning.voice.characters", text.Length);
            return new Transcription(text.Trim(), detected);
        }
    }

    private static string Detail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? body
                : json.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("message", out var m) ? m.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}
