using FunAsr.AsrService.Api.Native;
using FunAsr.AsrService.Models;
using FunAsr.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>What the page shows of the loaded model, in chromium through the real gateway: the test-model banner
/// (js/model-banner.js) and the model's own language list.</summary>
[Trait("Category", "Browser")]
public sealed class TestModelBannerPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    [Fact]
    public async Task Every_view_shows_the_banner_with_the_install_command_while_the_test_model_runs()
    {
        await using var asr = await StandInService.StartAsync("asr", app => app.MapGet(ModelStatusEndpoints.Route, () => Results.Json(new
        {
            state = "ready", testModel = true, installCommand = TestModelNotice.InstallCommand, notice = TestModelNotice.Message,
        })));
        await using var gateway = new GatewayHost([asr], null);
        var page = await chromium.NewPageAsync(gateway.Address);
        try
        {
            await page.GotoAsync("/");
            var banner = page.Locator("#test-model-banner");
            await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
            await Assertions.Expect(banner).ToBeVisibleAsync();
            await Assertions.Expect(banner).ToContainTextAsync("测试模型");
            await Assertions.Expect(page.Locator("#test-model-command")).ToHaveTextAsync(TestModelNotice.InstallCommand);
            await ChromiumBrowser.AssertAccessibleAsync(page);
            await ChromiumBrowser.ScreenshotAsync(page, "test-model-banner-signin");

            await page.GetByLabel("API 密钥").FillAsync(GatewayHost.Key);
            await page.GetByLabel("API 密钥").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#view-transcribe")).ToBeVisibleAsync();
            await Assertions.Expect(banner).ToBeVisibleAsync();

            await page.Locator("#lang-toggle").ClickAsync();
            await Assertions.Expect(banner).ToContainTextAsync("cannot recognise speech");
            await ChromiumBrowser.ScreenshotAsync(page, "test-model-banner-transcribe-en");
            chromium.AssertNoScriptErrors(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_real_model_shows_no_banner()
    {
        await using var asr = await StandInService.StartAsync("asr", app => app.MapGet(ModelStatusEndpoints.Route, () => Results.Json(new { state = "ready", testModel = false })));
        await using var gateway = new GatewayHost([asr], null);
        var page = await chromium.NewPageAsync(gateway.Address);
        try
        {
            await page.GotoAsync("/");
            await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Assertions.Expect(page.Locator("#test-model-banner")).ToBeHiddenAsync();
            chromium.AssertNoScriptErrors(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_language_list_is_the_loaded_models_own()
    {
        // Fun-ASR-Nano-2512 offers 中文/英文/日文: Cantonese and Korean must not be offered for it.
        await using var asr = await StandInService.StartAsync("asr", app => app.MapGet("/v1/models", () => Results.Json(new
        {
            @object = "list",
            data = new[] { new { id = "sherpa-funasr-nano-int8-2025-12-30", @object = "model", owned_by = "funasr", languages = new[] { "zh", "en", "ja" } } },
        })));
        await using var gateway = new GatewayHost([asr], null);
        var page = await chromium.NewPageAsync(gateway.Address);
        try
        {
            await page.GotoAsync("/");
            await page.GetByLabel("API 密钥").FillAsync(GatewayHost.Key);
            await page.GetByLabel("API 密钥").PressAsync("Enter");
            var options = page.Locator("#language-select option");
            await Assertions.Expect(options).ToHaveCountAsync(4);
            Assert.Equal(["auto", "zh", "en", "ja"], await options.EvaluateAllAsync<string[]>("all => all.map(o => o.value)"));
            chromium.AssertNoScriptErrors(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
