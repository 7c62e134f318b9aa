using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class DemoModePageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private StandInStack _stack = null!;

    public async Task InitializeAsync() =>
        _stack = await StandInStack.StartAsync(new Dictionary<string, string?> { ["Gateway:DemoMode"] = "true" });

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Demo_mode_opens_the_page_without_a_key()
    {
        var page = await chromium.NewPageAsync(_stack.Gateway.Address, "en-US");
        try
        {
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue in demo mode" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
            await Assertions.Expect(page.Locator("#lecture-rows tr")).ToHaveCountAsync(2);
            Assert.Empty(await page.Context.CookiesAsync());
            Assert.Equal("1", await page.EvaluateAsync<string>("sessionStorage.getItem('funasr.demo')"));
            chromium.AssertNoScriptErrors(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
