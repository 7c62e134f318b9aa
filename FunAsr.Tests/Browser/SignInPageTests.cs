using FunAsr.Tests.Security;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>
/// Signing in as a person would, in Debian's chromium: the password form, single sign-on through the test identity
/// provider, what each role is offered, and an admin minting and revoking a key. Screenshots land in artifacts/.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SignInPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private TestIdentityProvider _idp = null!;
    private StandInStack _stack = null!;
    private readonly List<IPage> _pages = [];

    public async Task InitializeAsync()
    {
        _idp = await TestIdentityProvider.StartAsync(new TestIdentity("sub-77", "mei.author", "Mei Author", ["FunAsr.Content"], "training"));
        _stack = await StandInStack.StartAsync(SingleSignOnTests.OidcSettings(_idp.Authority));
        await _stack.Gateway.CreateAccountAsync("wang.employee", "employee", department: "warehouse");
        await _stack.Gateway.CreateAccountAsync("li.content", "content");
        await _stack.Gateway.CreateAccountAsync("zhang.admin", "admin");
    }

    public async Task DisposeAsync()
    {
        try
        {
            await chromium.CloseAsync(_pages);
        }
        finally
        {
            await _stack.DisposeAsync();
            await _idp.DisposeAsync();
        }
    }

    private async Task<IPage> PasswordSignInAsync(string userName, string locale = "zh-CN")
    {
        var page = await chromium.PasswordSignInAsync(_stack.Gateway.Address, userName, FunAsr.Tests.Gateway.GatewayHost.Password, locale);
        _pages.Add(page);
        return page;
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_wrong_password_in_words_then_signs_in_and_out()
    {
        var page = await chromium.NewPageAsync(_stack.Gateway.Address);
        _pages.Add(page);
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "通过Corporate sign-on登录" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "signin-form");

        var form = page.Locator("#signin");
        await form.GetByLabel("用户名").FillAsync("li.content");
        await form.GetByLabel("密码", new() { Exact = true }).FillAsync("not my password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("用户名或密码不正确");

        await form.GetByLabel("密码", new() { Exact = true }).FillAsync(FunAsr.Tests.Gateway.GatewayHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("li.content（内容管理）");
        await Assertions.Expect(page.Locator("#view-transcribe")).ToBeVisibleAsync();
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "__Host-funasr-session");
        Assert.True(session is { HttpOnly: true, Secure: true, SameSite: SameSiteAttribute.Strict });
        await Assertions.Expect(page.Locator("#nav-admin")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "__Host-funasr-session");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_employee_is_offered_the_library_ask_live_and_training_views_but_not_transcription_or_administration()
    {
        var page = await PasswordSignInAsync("wang.employee", "en-US");
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("wang.employee (employee)");
        var links = await page.Locator("#nav-list a").AllInnerTextsAsync();
        Assert.Equal(["Library", "Ask", "Live", "My training", "Knowledge graph", "Mandatory courses"], links);
        await Assertions.Expect(page.Locator("#view-library")).ToBeVisibleAsync();
        await page.GotoAsync("/#/admin");
        await Assertions.Expect(page.Locator("#view-admin")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#view-library")).ToBeVisibleAsync();
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "signed-in-employee");
    }

    [Fact]
    public async Task An_admin_mints_a_key_sees_it_once_and_revokes_it_and_the_audit_trail_shows_both()
    {
        var page = await PasswordSignInAsync("zhang.admin", "en-US");
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await Assertions.Expect(page.Locator("#admin-people-rows tr")).ToHaveCountAsync(3);

        await page.GetByLabel("Name (what it is for)").FillAsync("LMS sync");
        await page.GetByLabel("Role", new() { Exact = true }).First.SelectOptionAsync("content");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var minted = page.Locator("#minted-key-value");
        await Assertions.Expect(minted).ToContainTextAsync("fak_");
        var row = page.Locator("#admin-key-rows tr").First;
        await Assertions.Expect(row).ToContainTextAsync("active");
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "admin-key-minted");

        var key = await minted.InnerTextAsync();
        using var sdk = _stack.Gateway.Client(key);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await sdk.GetAsync("/v1/models")).StatusCode);

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke key “LMS sync”" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("revoked");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await sdk.GetAsync("/v1/models")).StatusCode);
        await Assertions.Expect(page.Locator("#admin-audit-rows")).ToContainTextAsync("key revoked");
        await Assertions.Expect(page.Locator("#admin-audit-rows")).ToContainTextAsync("key created");
        await ChromiumBrowser.ScreenshotAsync(page, "admin-key-revoked");
    }

    [Fact]
    public async Task Single_sign_on_goes_through_the_identity_provider_and_comes_back_signed_in_with_the_mapped_role()
    {
        var page = await chromium.NewPageAsync(_stack.Gateway.Address, "en-US");
        _pages.Add(page);
        await page.GotoAsync("/#/library");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Corporate sign-on" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test identity provider" })).ToBeVisibleAsync();
        await ChromiumBrowser.ScreenshotAsync(page, "sso-identity-provider");
        await page.GetByLabel("Corporate user name").FillAsync("mei.author");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("Mei Author (content editor)");
        Assert.Equal(new Uri(_stack.Gateway.Address, "/#/library").ToString(), page.Url);
        await Assertions.Expect(page.Locator("#view-library")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#lecture-rows tr")).ToHaveCountAsync(2);
        await ChromiumBrowser.ScreenshotAsync(page, "signed-in-sso");
    }
}
