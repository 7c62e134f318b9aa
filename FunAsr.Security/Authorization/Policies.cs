using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace FunAsr.Security.Authorization;

/// <summary>One policy per role, each admitting that role and those above it.</summary>
public static class Policies
{
    public const string Employee = "role:employee";
    public const string Content = "role:content";
    public const string Admin = "role:admin";

    public static string For(string role) => $"role:{role}";

    /// <summary>Adds the three role policies for callers authenticated by <paramref name="schemes"/>.</summary>
    public static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder authorization, params string[] schemes)
    {
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(For(role), policy =>
            {
                if (schemes.Length > 0)
                {
                    policy.AddAuthenticationSchemes(schemes);
                }
                policy.RequireAuthenticatedUser().RequireClaim(CallerClaims.Role, Roles.AtLeast(role));
            });
        }
        return authorization;
    }

    /// <summary>The endpoint (or group) answers callers holding at least <paramref name="role"/>.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.", nameof(role));
        }
        return builder.RequireAuthorization(For(role));
    }
}
