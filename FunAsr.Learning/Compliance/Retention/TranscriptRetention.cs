using System.Net;
using System.Net.Http.Json;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;

namespace FunAsr.Learning.Compliance.Retention;

/// <summary>Lectures (transcripts) in the Q&amp;A service, listed and deleted through its API with this service's own token.</summary>
public sealed class TranscriptRetention(IHttpClientFactory clients, InternalTokenIssuer issuer) : IRetentionTarget
{
    public const string ClientName = "compliance-qabot";

    private static readonly Caller Service = new("service:compliance", "Compliance retention", Roles.Admin, null, null, null, 0, 0);

    public string DataType => RetentionTypes.Transcripts;

    public string EnforcedBy => "the Q&A service's lecture store";

    private sealed record LectureSummary(string Id, string? Title, DateTimeOffset CreatedAt);

    public async Task<IReadOnlyList<RetentionCandidate>> OlderThanAsync(DateTime cutoff, int limit, CancellationToken cancellationToken)
    {
        using var request = Signed(HttpMethod.Get, "/api/qa/lectures");
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var lectures = await response.Content.ReadFromJsonAsync<List<LectureSummary>>(cancellationToken) ?? [];
        return lectures.Where(l => l.CreatedAt.UtcDateTime < cutoff).OrderBy(l => l.CreatedAt).Take(limit)
            .Select(l => new RetentionCandidate(l.Id, l.CreatedAt.UtcDateTime, l.Id, null, l.Title)).ToList();
    }

    public async Task<bool> DeleteAsync(RetentionCandidate item, CancellationToken cancellationToken)
    {
        using var request = Signed(HttpMethod.Delete, $"/api/qa/lectures/{Uri.EscapeDataString(item.Id)}");
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        response.EnsureSuccessStatusCode();
        return true;
    }

    private HttpRequestMessage Signed(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(InternalAuthentication.HeaderName, issuer.Issue(Service with { RequestId = $"retention-{Guid.NewGuid():N}" }));
        return request;
    }
}
