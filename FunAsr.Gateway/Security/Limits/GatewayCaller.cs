using FunAsr.Gateway.Configuration;
using FunAsr.Security.Authorization;
using FunAsr.Security.Limits;

namespace FunAsr.Gateway.Security.Limits;

/// <summary>The signed-in principal as the services and the limits see it: role, department and that role's quotas.</summary>
public static class GatewayCaller
{
    public static Caller? From(HttpContext context, GatewayOptions options)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || user.Subject() is not { } subject || user.Role() is not { } role)
        {
            return null;
        }
        var quota = QuotaOf(options, role);
        return new Caller(subject, user.Identity.Name, role, user.FindFirst(CallerClaims.Department)?.Value, user.KeyId(),
            context.TraceIdentifier, quota.AudioSecondsPerHour, quota.ConcurrentJobs)
        {
            // Demo callers share one identity, so they are counted by address, here and in the services that charge audio.
            Partitions = user.IsDemo() ? [$"address:{context.Connection.RemoteIpAddress}"] : null,
        };
    }

    public static RoleQuota QuotaOf(GatewayOptions options, string role) =>
        options.Quotas.TryGetValue(role, out var quota) ? quota : options.Quotas[Roles.Employee];

    /// <summary>Partitions for a cost: the person and their key; demo callers by client address, since they share one identity.</summary>
    public static LimitSubject[] Subjects(HttpContext context, Caller caller, long limit) =>
        caller.LimitSubjects.Select(subject => new LimitSubject(subject, limit)).ToArray();
}
