using System.Security.Claims;
using FunAsr.Security.Authorization;

namespace FunAsr.Gateway.Security;

/// <summary>
/// The principals the gateway recognises, all with the internal token's claim names: a person's session (cookie),
/// an API key (a person's or a service's), a configured key, demo mode.
/// </summary>
public static class GatewayIdentity
{
    /// <summary>How the caller authenticated: password, sso, key, demo.</summary>
    public const string MethodClaim = "amr";

    public const string DemoSubject = "demo";

    public static ClaimsPrincipal ForKey(string scheme, string subject, string? name, string role, string? department, string keyId, string method = "key")
    {
        var claims = new List<Claim>
        {
            new(CallerClaims.Subject, subject),
            new(CallerClaims.Role, role),
            new(CallerClaims.KeyId, keyId),
            new(MethodClaim, method),
        };
        if (name is not null) claims.Add(new Claim(CallerClaims.Name, name));
        if (department is not null) claims.Add(new Claim(CallerClaims.Department, department));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, CallerClaims.Name, CallerClaims.Role));
    }

    public static ClaimsPrincipal ForDemo(string scheme, string role) => new(new ClaimsIdentity(
        [new Claim(CallerClaims.Subject, DemoSubject), new Claim(CallerClaims.Name, "Demo"), new Claim(CallerClaims.Role, role), new Claim(MethodClaim, "demo")],
        scheme, CallerClaims.Name, CallerClaims.Role));

    public static string? Subject(this ClaimsPrincipal principal) => principal.FindFirst(CallerClaims.Subject)?.Value;

    public static string? Role(this ClaimsPrincipal principal) => Roles.Highest(principal.FindAll(CallerClaims.Role).Select(c => c.Value));

    public static string? KeyId(this ClaimsPrincipal principal) => principal.FindFirst(CallerClaims.KeyId)?.Value;

    public static string Method(this ClaimsPrincipal principal) => principal.FindFirst(MethodClaim)?.Value ?? "password";

    public static bool IsDemo(this ClaimsPrincipal principal) => principal.Subject() == DemoSubject;
}
