using FunAsr.Security.Authorization;

namespace FunAsr.Gateway.Accounts;

/// <summary>Section <c>Accounts</c>: sign-in rules, the session cookie, single sign-on and the first admin.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    public int PasswordMinLength { get; set; } = 12;

    /// <summary>Failed passwords in a row before an account is locked for <see cref="LockoutDuration"/>.</summary>
    public int LockoutAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts allowed per account name and, separately, per client address in <see cref="SignInWindow"/>.</summary>
    public int SignInAttemptsPerAccount { get; set; } = 10;

    public int SignInAttemptsPerAddress { get; set; } = 30;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A session ends this long after the last request.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often a session is checked against its account (disabled, role changed, password changed).</summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Mark the session cookie Secure (and name it with the <c>__Host-</c> prefix). Browsers accept Secure cookies
    /// from http://localhost; turn off only for a plain-HTTP test rig.
    /// </summary>
    public bool SecureCookie { get; set; } = true;

    /// <summary>Creates this admin at start when the database has no admin yet (the AppHost sets it in Development only).</summary>
    public BootstrapAdmin? Bootstrap { get; set; }

    public OidcSettings Oidc { get; set; } = new();
}

public sealed class BootstrapAdmin
{
    public string UserName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string? DisplayName { get; set; }
}

/// <summary>
/// Single sign-on through OpenID Connect (Entra ID, Keycloak, any compliant provider); off while
/// <see cref="Authority"/> is empty. The IdP's <see cref="RoleClaim"/> values are mapped to the platform's roles.
/// </summary>
public sealed class OidcSettings
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The button's words on the sign-in page.</summary>
    public string DisplayName { get; set; } = "Single sign-on";

    public string[] Scopes { get; set; } = ["openid", "profile", "email"];

    /// <summary>The claim carrying roles or groups (Entra app roles: <c>roles</c>; Keycloak: a mapper, often <c>roles</c> or <c>groups</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>IdP value → platform role, e.g. <c>"FunAsr.Admin": "admin"</c>. The highest mapped role wins.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Role for a signed-in person none of whose values are mapped; empty refuses them.</summary>
    public string? DefaultRole { get; set; } = Roles.Employee;

    public string? FallbackRole => string.IsNullOrWhiteSpace(DefaultRole) ? null : DefaultRole;

    public string DepartmentClaim { get; set; } = "department";

    /// <summary>The claim naming the person across sign-ins (Entra: <c>oid</c>; elsewhere <c>sub</c>).</summary>
    public string SubjectClaim { get; set; } = "sub";

    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
