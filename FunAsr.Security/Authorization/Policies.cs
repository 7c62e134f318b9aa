using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace FunAsr.Security.Authorization;

/// <summary>One policy per role, each admitting that role and those above it.</summary>
public static class Policies
{
    public const string Employee = "role:employee";
    public const string Content = "role:content";
    public const string Admin = "role:admin";

    /// <summary>Any request the gateway signed, a role or not (its anonymous routes).</summary>
    public const string GatewayToken = "gateway-token";

    public static string For(string role) => $"role:{role}";

    /// <summary>The policy name for "at least <paramref name="role"/>, or any role when relayed by <paramref name="service"/>".</summary>
    public static string ForRelay(string role, string service) => $"role:{role}|via:{service}";

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
        authorization.AddPolicy(GatewayToken, policy =>
        {
            if (schemes.Length > 0)
            {
                policy.AddAuthenticationSchemes(schemes);
            }
            policy.RequireAuthenticatedUser();
        });
        return authorization;
    }

    /// <summary>
    /// Adds "at least <paramref name="role"/>, or any role when the request is relayed by <paramref name="service"/>":
    /// a platform service doing part of an employee's request (a spoken question transcribed for the Q&amp;A) may use an
    /// endpoint the employee could not call directly. Use it with <see cref="RequireRoleOrRelay{TBuilder}"/>.
    /// </summary>
    public static AuthorizationBuilder AddRelayPolicy(this AuthorizationBuilder authorization, string role, string service, params string[] schemes) =>
        authorization.AddPolicy(ForRelay(role, service), policy =>
        {
            if (schemes.Length > 0)
            {
                policy.AddAuthenticationSchemes(schemes);
            }
            var allowed = Roles.AtLeast(role);
            policy.RequireAuthenticatedUser().RequireClaim(CallerClaims.Role, Roles.All).RequireAssertion(context =>
                context.User.FindAll(CallerClaims.Role).Any(c => allowed.Contains(c.Value))
                || context.User.HasClaim(CallerClaims.Via, service));
        });

    /// <summary>The endpoint (or group) answers callers holding at least <paramref name="role"/>.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.", nameof(role));
        }
        return builder.RequireAuthorization(For(role));
    }

    /// <summary>The endpoint answers callers holding at least <paramref name="role"/>, and any caller relayed by <paramref name="service"/> (see <see cref="AddRelayPolicy"/>).</summary>
    public static TBuilder RequireRoleOrRelay<TBuilder>(this TBuilder builder, string role, string service) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ForRelay(role, service));

    /// <summary>The endpoint answers any request the gateway signed, with or without a signed-in caller; nothing else.</summary>
    public static TBuilder RequireGatewayToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(GatewayToken);

    /// <summary>
    /// Drops any anonymous access the endpoints were mapped with (Scalar marks its reference page's scripts anonymous), so
    /// the fallback policy applies to them too: behind the gateway only health answers without its token. On a group it
    /// covers every endpoint mapped in it, after their own conventions.
    /// </summary>
    public static TBuilder WithoutAnonymousAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            foreach (var anonymous in endpoint.Metadata.OfType<IAllowAnonymous>().ToList())
            {
                endpoint.Metadata.Remove(anonymous);
            }
        });
        return builder;
    }
}
