using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunAsr.Data.Accounts;
using FunAsr.Tests.Gateway;

namespace FunAsr.Tests.Security;

/// <summary>
/// Single sign-on through the real OpenIdConnect handler against <see cref="TestIdentityProvider"/>: each redirect
/// and form post followed by hand, as a browser would, with the provider's role claim mapped to the platform's roles.
/// </summary>
public sealed partial class SingleSignOnTests : IAsyncLifetime
{
    private StandInService _asr = null!;
    private StandInService _qabot = null!;
    private TestIdentityProvider _idp = null!;

    public async Task InitializeAsync()
    {
        _asr = await StandInService.StartAsync("asr");
        _qabot = await StandInService.StartAsync("qabot");
        _idp = await TestIdentityProvider.StartAsync(
            new TestIdentity("sub-author-1", "mei.author", "Mei Author", ["FunAsr.Content", "Staff"], "training"),
            new TestIdentity("sub-staff-2", "tom.staff", "Tom Staff", ["Staff"], "warehouse"),
            new TestIdentity("sub-boss-3", "ada.admin", "Ada Admin", ["FunAsr.Admin"], null));
    }

    public async Task DisposeAsync()
    {
        await _idp.DisposeAsync();
        await _asr.DisposeAsync();
        await _qabot.DisposeAsync();
    }

    public static Dictionary<string, string?> OidcSettings(Uri authority, string? defaultRole = "employee") => new()
    {
        ["Accounts:Oidc:Authority"] = authority.ToString().TrimEnd('/'),
        ["Accounts:Oidc:ClientId"] = TestIdentityProvider.ClientId,
        ["Accounts:Oidc:ClientSecret"] = TestIdentityProvider.ClientSecret,
        ["Accounts:Oidc:DisplayName"] = "Corporate sign-on",
        ["Accounts:Oidc:RequireHttpsMetadata"] = "false",
        ["Accounts:Oidc:RoleMap:FunAsr.Content"] = "content",
        ["Accounts:Oidc:RoleMap:FunAsr.Admin"] = "admin",
        ["Accounts:Oidc:DefaultRole"] = defaultRole,
    };

    [Fact]
    public async Task Signing_on_maps_the_providers_roles_creates_the_account_once_and_opens_a_session()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, OidcSettings(_idp.Authority), withKeys: false);
        var config = await gateway.Client(null).GetFromJsonAsync<JsonElement>("/ui/config");
        Assert.Equal("Corporate sign-on", config.GetProperty("sso").GetProperty("displayName").GetString());

        using var browser = await SignOnAsync(gateway, "mei.author", returnUrl: "/#/library");
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/account/me");
        Assert.Equal(("mei.author", "content", "training", "sso"),
            (me.GetProperty("name").GetString(), me.GetProperty("role").GetString(), me.GetProperty("department").GetString(), me.GetProperty("method").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/qa/lectures")).StatusCode);

        using var again = await SignOnAsync(gateway, "mei.author");
        Assert.Equal(me.GetProperty("id").GetString(), (await again.GetFromJsonAsync<JsonElement>("/api/account/me")).GetProperty("id").GetString());
        Assert.Equal(2, _idp.TokensIssued);
        var kinds = await SignInTests.AuditKindsAsync(gateway);
        Assert.Equal(2, kinds.Count(k => k == AuditKinds.SignIn));
    }

    [Fact]
    public async Task An_unmapped_person_gets_the_default_role_or_is_refused_when_there_is_none()
    {
        await using (var gateway = new GatewayHost([_asr], _qabot, OidcSettings(_idp.Authority), withKeys: false))
        {
            using var staff = await SignOnAsync(gateway, "tom.staff");
            Assert.Equal("employee", (await staff.GetFromJsonAsync<JsonElement>("/api/account/me")).GetProperty("role").GetString());
        }
        await using (var strict = new GatewayHost([_asr], _qabot, OidcSettings(_idp.Authority, defaultRole: null), withKeys: false))
        {
            using var refused = await SignOnAsync(strict, "tom.staff", expectSession: false);
            Assert.Equal(HttpStatusCode.Unauthorized, (await refused.GetAsync("/api/account/me")).StatusCode);
            Assert.Contains(AuditKinds.SignInFailed, await SignInTests.AuditKindsAsync(strict));
        }
    }

    [Fact]
    public async Task A_local_account_with_the_same_name_is_not_taken_over_by_the_provider()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, OidcSettings(_idp.Authority), withKeys: false);
        var local = await gateway.CreateAccountAsync("ada.admin", "employee");
        using var browser = await SignOnAsync(gateway, "ada.admin");
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/account/me");
        Assert.NotEqual(local.Id, me.GetProperty("id").GetString());
        Assert.StartsWith("ada.admin-sso-", me.GetProperty("name").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_forged_answer_without_the_gateways_state_is_refused()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, OidcSettings(_idp.Authority), withKeys: false);
        using var browser = new HttpClient(new SessionCookieHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })) { BaseAddress = gateway.Address };
        using var forged = await browser.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "x", ["state"] = "y" }));
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal("/?signin=sso-failed", forged.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/account/me")).StatusCode);
    }

    /// <summary>Follows the whole dance: gateway → provider's form → form_post back → callback → page.</summary>
    private async Task<HttpClient> SignOnAsync(GatewayHost gateway, string userName, string returnUrl = "/", bool expectSession = true)
    {
        var cookies = new SessionCookieHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        var browser = new HttpClient(cookies) { BaseAddress = gateway.Address };
        using var start = await browser.GetAsync($"/api/account/sso?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(_idp.Authority.ToString(), authorize.ToString());
        Assert.Contains("code_challenge_method=S256", authorize.Query);

        using var idp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var form = await idp.GetStringAsync(authorize);
        var fields = HiddenFields(form);
        fields["username"] = userName;
        var answer = await (await idp.PostAsync(new Uri(_idp.Authority, "/authorize"), new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync();
        var action = WebUtility.HtmlDecode(FormAction().Match(answer).Groups[1].Value);
        Assert.Equal(new Uri(gateway.Address, "/signin-oidc"), new Uri(action));

        using var callback = await browser.PostAsync(action, new FormUrlEncodedContent(HiddenFields(answer)));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        using var finish = await browser.GetAsync(callback.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, finish.StatusCode);
        if (expectSession)
        {
            Assert.Equal(returnUrl, finish.Headers.Location!.OriginalString);
        }
        else
        {
            Assert.Equal("/?signin=sso-denied", finish.Headers.Location!.OriginalString);
        }
        return browser;
    }

    private static Dictionary<string, string> HiddenFields(string html) => HiddenField().Matches(html)
        .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\">")]
    private static partial Regex FormAction();
}
