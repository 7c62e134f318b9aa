using System.Security.Claims;
using FunAsr.Data.Accounts;
using FunAsr.Gateway.Security;
using FunAsr.Gateway.Telemetry;

namespace FunAsr.Gateway.Audit;

/// <summary>Appends security events to the accounts database, naming who acted, from where, and on which request.</summary>
public sealed class AuditTrail(AccountsDbContext db, IHttpContextAccessor http, TimeProvider time, GatewayMetrics metrics)
{
    private const int MaxDetail = 1000;

    public async Task RecordAsync(string kind, string? subject, string? detail = null, ClaimsPrincipal? actor = null, CancellationToken cancellationToken = default)
    {
        var context = http.HttpContext;
        actor ??= context?.User;
        db.AuditEvents.Add(new AuditEvent
        {
            At = time.GetUtcNow().UtcDateTime,
            Kind = kind,
            ActorId = actor?.Subject(),
            ActorName = Truncate(actor?.Identity?.Name, 256),
            Subject = Truncate(subject, 256),
            ClientAddress = context?.Connection.RemoteIpAddress?.ToString(),
            RequestId = context?.TraceIdentifier,
            Detail = Truncate(detail, MaxDetail),
        });
        await db.SaveChangesAsync(cancellationToken);
        metrics.Audited(kind);
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
