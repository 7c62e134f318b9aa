using System.Net.Http.Headers;
using System.Text.Json;
using FunAsr.QaBot.Telemetry;

namespace FunAsr.QaBot.Answering;

/// <summary>Transcribes a spoken question with the ASR service (<c>http://asr</c>, resolved by service discovery).</summary>
public sealed class AsrClient(HttpClient http)
{
    public async Task<(string Text, string? Language)> TranscribeAsync(
        Stream audio, string fileName, string? contentType, string? language, CancellationToken cancellationToken)
    {
        using var span = QaTelemetry.Source.StartActivity("qabot.asr.transcribe");
        using var form = new MultipartFormDataContent();
        // Buffered so the resilience pipeline can resend the body on a retry.
        using var buffer = new MemoryStream();
        await audio.CopyToAsync(buffer, cancellationToken);
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType);
        form.Add(file, "file", fileName);
        if (!string.IsNullOrWhiteSpace(language))
        {
            form.Add(new StringContent(language), "language");
        }
        using var response = await http.PostAsync("/api/asr/transcriptions", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new AsrFailedException((int)response.StatusCode, ProblemDetail(body) ?? body);
        }
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var text = root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        var detected = root.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        return (text.Trim(), detected);
    }

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
}
