using System.Net;
using System.Net.Http.Json;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Telemetry;
using FunAsr.Security.InternalTokens;

namespace FunAsr.Learning.Lectures;

/// <summary>
/// Asks QaBot (<c>http://qabot</c>, by service discovery) for a lecture's sentences: when the learning layer has not yet
/// received it on the stream (a lecture ingested before the learning service ran), and before a quiz is made, for a revision
/// newer than the one indexed here. The request carries the caller's own gateway token, so QaBot answers only what that
/// caller may see.
/// </summary>
public sealed class LectureFeed(IHttpClientFactory clients, IHttpContextAccessor context, LearningTelemetry telemetry, ILogger<LectureFeed> logger)
{
    /// <summary>The client for fetching a lecture this service must have: the shared retries and timeouts.</summary>
    public const string ClientName = "qabot";

    /// <summary>The client for the freshness look before a quiz: one attempt and a short timeout (Learning:Quiz:FreshnessTimeout).</summary>
    public const string QuickClientName = "qabot-quick";

    public Task<LectureContent?> GetAsync(string lectureId, CancellationToken cancellationToken) =>
        SendAsync(clients.CreateClient(ClientName), lectureId, cancellationToken);

    /// <summary>
    /// The lecture as QaBot holds it now when that is a newer revision than <paramref name="indexedRevision"/>, else null. A trainer
    /// who saves a correction and clicks Generate at once must get a quiz from the corrected text, though the save reaches this
    /// service on a stream a moment later. When QaBot does not answer in time, the revision indexed here is used (the quiz
    /// records which): a quiz is not held up by a slow neighbour.
    /// </summary>
    public async Task<LectureContent?> GetIfNewerAsync(string lectureId, long indexedRevision, CancellationToken cancellationToken)
    {
        string outcome;
        LectureContent? newer = null;
        try
        {
            var content = await SendAsync(clients.CreateClient(QuickClientName), lectureId, cancellationToken);
            newer = content is not null && content.Revision > indexedRevision ? content : null;
            outcome = newer is null ? "current" : "newer";
        }
        catch (Exception ex) when (ex is DependencyException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("QaBot did not tell whether lecture {LectureId} has a revision newer than r{Revision} ({Reason}); the quiz uses the indexed one",
                lectureId, indexedRevision, ex.Message);
            outcome = "unavailable";
        }
        telemetry.FreshnessChecks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        return newer;
    }

    private async Task<LectureContent?> SendAsync(HttpClient http, string lectureId, CancellationToken cancellationToken)
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
