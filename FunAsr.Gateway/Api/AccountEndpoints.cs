using System.Globalization;
using System.Security.Claims;
using FunAsr.Data.Accounts;
using FunAsr.Gateway.Accounts;
using FunAsr.Gateway.Audit;
using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Security;
using FunAsr.Gateway.Security.Limits;
using FunAsr.Gateway.Telemetry;
using FunAsr.Security.Limits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FunAsr.Gateway.Api;

/// <summary>
/// Sign-in by password, by API key (the page trades the key for a session, so the key is not kept in the
/// browser) and by single sign-on; sign-out; who am I; change my password.
/// </summary>
public static class AccountEndpoints
{
    public const string SsoPath = "/api/account/sso";
    private const string SsoCallbackPath = "/api/account/sso/callback";

    // Verifying a password against this when the account does not exist keeps the answer as slow as a real check.
    private static readonly Lazy<string> AbsentAccountHash = new(() => new PasswordHasher<Account>().HashPassword(new Account(), Guid.NewGuid().ToString()));

    public static void MapAccountEndpoints(this WebApplication app)
    {
        var account = app.MapGroup("/api/account").WithTags("Account");
        account.MapPost("/login", LoginAsync).AllowAnonymous();
        account.MapPost("/login/key", LoginWithKeyAsync).AllowAnonymous();
        account.MapPost("/logout", LogoutAsync).AllowAnonymous();
        account.MapGet("/me", SessionEndpoints.CurrentAsync).RequireAuthorization(GatewayAuthentication.SignedInPolicy);
        account.MapPost("/password", ChangePasswordAsync).RequireAuthorization(GatewayAuthentication.SignedInPolicy);
        account.MapGet("/sso", StartSingleSignOn).AllowAnonymous();
        account.MapGet("/sso/callback", FinishSingleSignOnAsync).AllowAnonymous();
    }

    public sealed record LoginRequest(string? UserName, string? Password);

    public sealed record KeyLoginRequest(string? Key);

    public sealed record PasswordChange(string? Current, string? New);

    private static async Task<Results<Ok<SessionInfo>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, SignInManager<Account> signIn, UserManager<Account> users, SignInThrottle throttle,
        AuditTrail audit, GatewayMetrics metrics, IOptionsMonitor<GatewayOptions> gateway, IOptionsMonitor<AccountOptions> options, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return Problems.BadRequest("Enter your user name and password.", "credentials_missing");
        }
        var userName = request.UserName.Trim();
        if (await throttle.TryAttemptAsync(userName, context, "password") is { Allowed: false } throttled)
        {
            return TooManyAttempts(context, throttled);
        }

        var settings = options.CurrentValue;
        var wrong = Problems.Of(StatusCodes.Status401Unauthorized, "Sign-in failed",
            $"The user name or password is wrong. After {settings.LockoutAttempts} wrong passwords in a row an account is locked for {settings.LockoutDuration.TotalMinutes:0} minutes.",
            "invalid_credentials");
        var account = await users.FindByNameAsync(userName);
        if (account is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new Account(), AbsentAccountHash.Value, request.Password);
            metrics.SignIn("password", "failed");
            await audit.RecordAsync(AuditKinds.SignInFailed, userName, "unknown account", actor: new ClaimsPrincipal());
            return wrong;
        }
        var result = await signIn.CheckPasswordSignInAsync(account, request.Password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            metrics.SignIn("password", result.IsLockedOut ? "locked_out" : "failed");
            await audit.RecordAsync(AuditKinds.SignInFailed, account.UserName, result.IsLockedOut ? "locked out" : "wrong password", actor: Anonymous(account));
            return wrong;
        }
        if (account.Disabled)
        {
            metrics.SignIn("password", "disabled");
            await audit.RecordAsync(AuditKinds.SignInFailed, account.UserName, "account disabled", actor: Anonymous(account));
            return Problems.Of(StatusCodes.Status403Forbidden, "Account disabled", "This account is disabled. Ask an administrator.", "account_disabled");
        }

        var principal = await SignInAsync(signIn, account, "password", time.GetUtcNow());
        metrics.SignIn("password", "succeeded");
        await audit.RecordAsync(AuditKinds.SignIn, account.UserName, "password", actor: principal);
        return TypedResults.Ok(SessionEndpoints.Describe(principal, account.DisplayName ?? account.UserName, gateway.CurrentValue));
    }

    private static async Task<Results<Ok<SessionInfo>, ProblemHttpResult>> LoginWithKeyAsync(
        KeyLoginRequest request, HttpContext context, ApiKeyService keys, SignInThrottle throttle, AuditTrail audit, GatewayMetrics metrics,
        IOptionsMonitor<GatewayOptions> gateway)
    {
        var key = request.Key?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return Problems.BadRequest("Enter the API key an administrator gave you.", "key_missing");
        }
        var keyName = ApiKeyFormat.TryParse(key, out var id, out _) ? $"key {id}" : "key";
        if (await throttle.TryAttemptAsync(keyName, context, "key") is { Allowed: false } throttled)
        {
            return TooManyAttempts(context, throttled);
        }
        var check = await keys.CheckAsync(key, IdentityConstants.ApplicationScheme, context.RequestAborted);
        if (check.Principal is not { } principal)
        {
            metrics.SignIn("key", "failed");
            await audit.RecordAsync(AuditKinds.SignInFailed, keyName, $"key {check.Status.ToString().ToLowerInvariant()}", actor: new ClaimsPrincipal());
            var detail = check.Status switch
            {
                KeyStatus.Revoked => "This API key was revoked by an administrator.",
                KeyStatus.Expired => "This API key has expired.",
                KeyStatus.AccountDisabled => "The account this key belongs to is disabled.",
                _ => "This API key is not valid. Check it for typos or ask an administrator for a new one.",
            };
            return Problems.Of(StatusCodes.Status401Unauthorized, "Invalid API key", detail, "invalid_api_key");
        }
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ApiKeyService.KeyHashClaim, ApiKeyService.SessionHash(key)));
        await context.SignInAsync(IdentityConstants.ApplicationScheme, principal, new AuthenticationProperties { IsPersistent = false });
        metrics.SignIn("key", "succeeded");
        await audit.RecordAsync(AuditKinds.SignIn, principal.Identity!.Name, $"API key {principal.KeyId()}", actor: principal);
        return TypedResults.Ok(SessionEndpoints.Describe(principal, principal.Identity.Name, gateway.CurrentValue));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext context, AuditTrail audit)
    {
        var result = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        if (result.Principal is { } principal)
        {
            await audit.RecordAsync(AuditKinds.SignOut, principal.Identity?.Name, principal.Method(), actor: principal);
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        PasswordChange request, HttpContext context, UserManager<Account> users, SignInManager<Account> signIn, AuditTrail audit, TimeProvider time)
    {
        if (context.User.KeyId() is not null || context.User.IsDemo() || await users.GetUserAsync(context.User) is not { } account)
        {
            return Problems.BadRequest("Only people signed in with their own account can change a password.", "not_an_account");
        }
        if (string.IsNullOrEmpty(request.Current) || string.IsNullOrEmpty(request.New))
        {
            return Problems.BadRequest("Enter your current password and the new one.", "password_missing");
        }
        var changed = await users.ChangePasswordAsync(account, request.Current, request.New);
        if (!changed.Succeeded)
        {
            return Problems.BadRequest(string.Join(" ", changed.Errors.Select(e => e.Description)), "password_rejected");
        }
        // The current password was just checked: that is a re-authentication too.
        await SignInAsync(signIn, account, context.User.Method(), time.GetUtcNow());
        await audit.RecordAsync(AuditKinds.PasswordChanged, account.UserName);
        return TypedResults.NoContent();
    }

    /// <summary><c>?prompt=login</c> asks the identity provider to make the person sign in again (OIDC <c>prompt=login</c>, <c>max_age=0</c>): the re-authentication an attestation needs.</summary>
    private static Results<ChallengeHttpResult, ProblemHttpResult> StartSingleSignOn(string? returnUrl, string? prompt, IOptionsMonitor<AccountOptions> options)
    {
        if (!options.CurrentValue.Oidc.Enabled)
        {
            return Problems.NotFound("Single sign-on is not configured on this platform.");
        }
        var callback = $"{SsoCallbackPath}?returnUrl={Uri.EscapeDataString(LocalPath(returnUrl))}";
        var properties = new Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectChallengeProperties { RedirectUri = callback };
        if (prompt == "login")
        {
            properties.Prompt = "login";
            properties.MaxAge = TimeSpan.Zero;
            properties.Items[ReauthenticationItem] = "1";
        }
        return TypedResults.Challenge(properties, [SingleSignOn.SchemeName]);
    }

    private const string ReauthenticationItem = "funasr.reauth";

    /// <summary>
    /// When the person proved who they are at the identity provider: its <c>auth_time</c>, else now when we had asked it
    /// to sign them in again, else unknown (a silent single sign-on is no re-authentication).
    /// </summary>
    private static DateTimeOffset? ProviderAuthTime(AuthenticateResult answer, TimeProvider time) =>
        FunAsr.Security.Authorization.Caller.AuthTimeOf(answer.Principal!) is { } stated
            ? stated
            : answer.Properties?.Items.ContainsKey(ReauthenticationItem) == true ? time.GetUtcNow() : null;

    private static async Task<RedirectHttpResult> FinishSingleSignOnAsync(
        string? returnUrl, HttpContext context, ExternalSignIn external, AccountDirectory directory, SignInManager<Account> signIn,
        AuditTrail audit, GatewayMetrics metrics, TimeProvider time)
    {
        var answer = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        if (answer.Principal is not { } principal)
        {
            metrics.SignIn("sso", "failed");
            return TypedResults.Redirect("/?signin=sso-failed");
        }
        var resolved = await external.ResolveAsync(principal, context.RequestAborted);
        if (resolved.Account is not { } account)
        {
            metrics.SignIn("sso", "failed");
            await audit.RecordAsync(AuditKinds.SignInFailed, principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst("sub")?.Value,
                $"single sign-on: {resolved.Error}", actor: new ClaimsPrincipal());
            return TypedResults.Redirect("/?signin=sso-denied");
        }
        if (account.Disabled)
        {
            metrics.SignIn("sso", "disabled");
            await audit.RecordAsync(AuditKinds.SignInFailed, account.UserName, "single sign-on: account disabled", actor: Anonymous(account));
            return TypedResults.Redirect("/?signin=disabled");
        }
        var previous = await directory.SetRoleAsync(account, resolved.Role!);
        if (previous != resolved.Role)
        {
            await audit.RecordAsync(AuditKinds.RoleChanged, account.UserName, $"{previous ?? "none"} → {resolved.Role} (identity provider)", actor: Anonymous(account));
        }
        var session = await SignInAsync(signIn, account, "sso", ProviderAuthTime(answer, time));
        metrics.SignIn("sso", "succeeded");
        await audit.RecordAsync(AuditKinds.SignIn, account.UserName, "single sign-on", actor: session);
        return TypedResults.LocalRedirect(LocalPath(returnUrl));
    }

    private static async Task<ClaimsPrincipal> SignInAsync(SignInManager<Account> signIn, Account account, string method, DateTimeOffset? authenticatedAt)
    {
        // auth_time travels in the session cookie and on to services in the internal token: an attestation checks it.
        // A session refreshed from the database (security stamp) loses it, which only ever asks for one more sign-in.
        var claims = authenticatedAt is { } at
            ? new[] { new Claim(GatewayIdentity.MethodClaim, method), new Claim(FunAsr.Security.Authorization.CallerClaims.AuthTime, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)) }
            : new[] { new Claim(GatewayIdentity.MethodClaim, method) };
        await signIn.SignInWithClaimsAsync(account, new AuthenticationProperties { IsPersistent = false }, claims);
        var principal = await signIn.CreateUserPrincipalAsync(account);
        ((ClaimsIdentity)principal.Identity!).AddClaims(claims);
        return principal;
    }

    private static ProblemHttpResult TooManyAttempts(HttpContext context, LimitDecision decision)
    {
        var seconds = RateLimitHeaders.Seconds(decision.ResetAfter);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
            $"Too many sign-in attempts. Wait {Math.Max(1, (seconds + 59) / 60)} minutes and try again.", "signin_throttled");
    }

    /// <summary>A principal naming an account that is not signed in, for audit rows about it.</summary>
    private static ClaimsPrincipal Anonymous(Account account) => new(new ClaimsIdentity(
        [new Claim(FunAsr.Security.Authorization.CallerClaims.Subject, account.Id), new Claim(FunAsr.Security.Authorization.CallerClaims.Name, account.UserName!)],
        authenticationType: null, FunAsr.Security.Authorization.CallerClaims.Name, FunAsr.Security.Authorization.CallerClaims.Role));

    // Only paths on this site: an open redirect would let a link send a freshly signed-in person anywhere.
    private static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\')) ? returnUrl : "/";
}
