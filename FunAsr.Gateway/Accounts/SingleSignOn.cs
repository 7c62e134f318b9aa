using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace FunAsr.Gateway.Accounts;

/// <summary>
/// OpenID Connect sign-in (authorization code with PKCE). The provider's answer lands in the short-lived external
/// cookie; <see cref="ExternalSignIn"/> then finds or creates the account and opens the normal session.
/// </summary>
public static class SingleSignOn
{
    public const string SchemeName = "oidc";
    public const string CallbackPath = "/signin-oidc";

    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder authentication, AccountOptions accounts)
    {
        var settings = accounts.Oidc;
        if (!settings.Enabled)
        {
            return authentication;
        }
        return authentication.AddOpenIdConnect(SchemeName, settings.DisplayName, oidc =>
        {
            oidc.Authority = settings.Authority;
            oidc.ClientId = settings.ClientId;
            oidc.ClientSecret = settings.ClientSecret;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.UsePkce = true;
            oidc.SignInScheme = IdentityConstants.ExternalScheme;
            oidc.CallbackPath = CallbackPath;
            oidc.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            oidc.MapInboundClaims = false;
            oidc.SaveTokens = false;
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.Scope.Clear();
            foreach (var scope in settings.Scopes)
            {
                oidc.Scope.Add(scope);
            }
            oidc.TokenValidationParameters.NameClaimType = CallerClaims.Name;
            oidc.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
            if (!accounts.SecureCookie)
            {
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }
            oidc.Events.OnRemoteFailure = context =>
            {
                // A refused or broken sign-in comes back to the page, which says so in words.
                context.Response.Redirect("/?signin=sso-failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }
}
