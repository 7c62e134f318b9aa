using FunAsr.Learning.Compliance.Data;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Retention;

/// <summary>Alerts in this service's own database.</summary>
public sealed class AlertRetention(IServiceScopeFactory scopes) : IRetentionTarget
{
    public string DataType => RetentionTypes.Alerts;

    public string EnforcedBy => "compliance (this service)";

    public async Task<IReadOnlyList<RetentionCandidate>> OlderThanAsync(DateTime cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
        return await db.Alerts.AsNoTracking().Where(a => a.DetectedAt < cutoff).OrderBy(a => a.DetectedAt).Take(limit)
            .Select(a => new RetentionCandidate(a.Id.ToString(), a.DetectedAt, a.Source == "live" ? null : a.SourceId, a.PersonId, a.SourceTitle))
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(RetentionCandidate item, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
        var id = Guid.Parse(item.Id);
        return await db.Alerts.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
