using System.Net;
using System.Net.Http.Json;
using FunAsr.Learning.Errors;
using FunAsr.Security.InternalTokens;

namespace FunAsr.Learning.Lectures;

/// <summary>
/// Asks QaBot (<c>http://qabot</c>, by service discovery) for a lecture's sentences when the learning layer has not yet
/// received it on the stream (a lecture ingested before the learning service ran). The request carries the caller's own
/// gateway token, so QaBot answers only what that caller may see.
/// </summary>
public sealed class LectureFeed(HttpClient http, IHttpContextAccessor context)
{
    public async Task<LectureContent?> GetAsync(string lectureId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/qa/lectures/{Uri.EscapeDataString(lectureId)}/sentences");
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
            throw new DependencyException("qabot_unavailable", $"The Q&A service, which holds the lectures, did not answer: {ex.Message}");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new DependencyException("qabot_failed", $"The Q&A service answered {(int)response.StatusCode} for lecture '{lectureId}'.");
            }
            return await response.Content.ReadFromJsonAsync<LectureContent>(cancellationToken);
        }
    }
}
