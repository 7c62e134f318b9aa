using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FunAsr.Security.InternalTokens;

/// <summary>
/// A service behind the gateway: every request must carry the gateway's internal token (HTTP, SSE and WebSocket
/// upgrades alike), or it gets 401. Only endpoints marked <c>AllowAnonymous</c> (the health probes) answer without one.
/// Endpoints add a role with <see cref="Policies.RequireRole{TBuilder}"/>.
/// </summary>
public static class InternalAuthentication
{
    public const string SchemeName = "Internal";

    /// <summary>The request header the gateway puts the token in (never the client's own Authorization header).</summary>
    public const string HeaderName = "X-Internal-Token";

    /// <param name="relays">Role-or-relay policies the service's endpoints use (<see cref="Policies.RequireRoleOrRelay{TBuilder}"/>).</param>
    public static IServiceCollection AddInternalAuthentication(this IServiceCollection services, params (string Role, string Service)[] relays)
    {
        services.AddInternalTokenOptions();
        services.AddAuthentication(SchemeName).AddJwtBearer(SchemeName, _ => { });
        services.AddOptions<JwtBearerOptions>(SchemeName).Configure<IOptionsMonitor<InternalTokenOptions>>((jwt, internalOptions) =>
        {
            jwt.MapInboundClaims = false;
            jwt.RequireHttpsMetadata = false;
            jwt.TokenValidationParameters = ValidationParameters(internalOptions.CurrentValue);
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    var token = context.Request.Headers[HeaderName].ToString();
                    context.Token = string.IsNullOrWhiteSpace(token) ? null : token;
                    // Without a token there is nothing to validate; the challenge below explains.
                    if (context.Token is null)
                    {
                        context.NoResult();
                    }
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var invalid = context.AuthenticateFailure is not null;
                    context.Response.Headers.WWWAuthenticate = invalid ? "Internal error=\"invalid_token\"" : "Internal";
                    await InternalErrors.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                        invalid ? "Invalid gateway token" : "Gateway token required",
                        invalid
                            ? "The gateway token on this request is not valid or has expired. Call the platform through its gateway."
                            : "This service only answers requests that come through the gateway. Call the platform through its gateway address.",
                        invalid ? "invalid_gateway_token" : "missing_gateway_token");
                },
                OnForbidden = async context =>
                {
                    var role = Caller.From(context.HttpContext.User)?.Role ?? "none";
                    await InternalErrors.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed for your role",
                        $"Your role ({role}) may not do this. Ask an administrator if you need it.", "forbidden");
                },
            };
        });
        // Anything not marked otherwise needs a caller with a role: a gateway token without one (its anonymous routes) opens
        // only endpoints that ask for just the token.
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SchemeName).RequireAuthenticatedUser().RequireClaim(CallerClaims.Role, Roles.All).Build())
            .AddRolePolicies(SchemeName);
        foreach (var (role, service) in relays)
        {
            authorization.AddRelayPolicy(role, service, SchemeName);
        }
        services.TryAddSingleton<InternalTokenIssuer>();
        return services;
    }

    /// <summary>Only the options and their start-up validation (the gateway signs with them, services verify).</summary>
    public static IServiceCollection AddInternalTokenOptions(this IServiceCollection services)
    {
        services.AddOptions<InternalTokenOptions>().BindConfiguration(InternalTokenOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InternalTokenOptions>, InternalTokenOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Authentication then authorization, before the service's endpoints.</summary>
    public static WebApplication UseInternalAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static TokenValidationParameters ValidationParameters(InternalTokenOptions options) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = options.Key(),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateLifetime = true,
        ClockSkew = options.ClockSkew,
        NameClaimType = CallerClaims.Name,
        RoleClaimType = CallerClaims.Role,
    };
}
