using FunAsr.Data.Accounts;
using FunAsr.Gateway.Accounts;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Telemetry;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace FunAsr.Gateway.Security;

/// <summary>
/// One default scheme that picks per request: a presented key goes to <see cref="ApiKeyAuthenticationHandler"/>,
/// otherwise the session cookie (set by password or single sign-on), otherwise demo mode or nothing. Every refusal
/// is a 401/403 body, never a redirect, because the page and SDK clients read the answer themselves.
/// </summary>
public static class GatewayAuthentication
{
    public const string SchemeName = "Gateway";

    /// <summary>Any signed-in caller (any role); endpoints narrow it with role policies.</summary>
    public const string SignedInPolicy = "signed-in";

    public static string SessionCookieName(AccountOptions options) => options.SecureCookie ? "__Host-funasr-session" : "funasr-session";

    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services, AccountOptions accounts)
    {
        services.AddIdentityCore<Account>(identity =>
            {
                identity.Password.RequiredLength = accounts.PasswordMinLength;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                // Length over composition rules (NIST SP 800-63B §5.1.1): a long passphrase is the strong one.
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.Password.RequiredUniqueChars = 4;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = accounts.LockoutAttempts;
                identity.Lockout.DefaultLockoutTimeSpan = accounts.LockoutDuration;
                identity.User.AllowedUserNameCharacters = null!;
                identity.ClaimsIdentity.UserIdClaimType = CallerClaims.Subject;
                identity.ClaimsIdentity.UserNameClaimType = CallerClaims.Name;
                identity.ClaimsIdentity.RoleClaimType = CallerClaims.Role;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>();
        services.Configure<SecurityStampValidatorOptions>(stamp =>
        {
            stamp.ValidationInterval = accounts.SessionRecheckInterval;
            // Keep how the person signed in (password or sso) when the principal is rebuilt from the database.
            stamp.OnRefreshingPrincipal = refresh =>
            {
                if (refresh.CurrentPrincipal?.FindFirst(GatewayIdentity.MethodClaim) is { } method && refresh.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaim(new System.Security.Claims.Claim(method.Type, method.Value));
                }
                return Task.CompletedTask;
            };
        });
        services.AddDataProtection().SetApplicationName("FunAsr.Gateway").PersistKeysToDbContext<AccountsDbContext>();
        services.AddScoped<ApiKeyService>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = SchemeName;
                options.DefaultChallengeScheme = SchemeName;
                options.DefaultForbidScheme = SchemeName;
            })
            .AddPolicyScheme(SchemeName, "Session or API key", policy => policy.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.PresentsKey(context.Request) ? ApiKeyAuthenticationHandler.SchemeName
                : context.Request.Cookies.ContainsKey(SessionCookieName(accounts)) ? IdentityConstants.ApplicationScheme
                : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(IdentityConstants.ApplicationScheme, cookie =>
            {
                cookie.Cookie.Name = SessionCookieName(accounts);
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = accounts.SecureCookie ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = "/";
                cookie.ExpireTimeSpan = accounts.SessionIdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.Events = SessionEvents();
            })
            .AddCookie(IdentityConstants.ExternalScheme, cookie =>
            {
                // Lives only between the identity provider's redirect and our callback; Lax so that redirect carries it.
                cookie.Cookie.Name = accounts.SecureCookie ? "__Host-funasr-external" : "funasr-external";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = accounts.SecureCookie ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            });
        authentication.AddSingleSignOn(accounts);

        services.AddAuthorizationBuilder()
            .AddPolicy(SignedInPolicy, policy => policy.RequireAuthenticatedUser())
            .AddRolePolicies();
        return services;
    }

    private static CookieAuthenticationEvents SessionEvents() => new()
    {
        OnValidatePrincipal = async context =>
        {
            if (context.Principal?.KeyId() is not null)
            {
                // A session opened with a key ends the moment the key is revoked.
                var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeyService>();
                if (!await keys.StillValidAsync(context.Principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
                return;
            }
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        },
        OnRedirectToLogin = async context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<GatewayMetrics>().Rejected("unauthenticated");
            await GatewayError.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required",
                "Your session has ended. Sign in again.", "invalid_request_error", "session_expired");
        },
        OnRedirectToAccessDenied = async context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<GatewayMetrics>().Rejected("forbidden");
            await GatewayError.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed for your role",
                $"Your role ({context.HttpContext.User.Role() ?? "none"}) may not do this. Ask an administrator if you need it.",
                "permission_error", "forbidden");
        },
    };
}
