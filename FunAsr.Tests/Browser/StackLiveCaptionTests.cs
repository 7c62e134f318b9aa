using FunAsr.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>The Live view in chromium, its fake microphone saying tone words, against the stack the AppHost starts.</summary>
[Trait("Category", "Stack")]
[Trait("Category", "Browser")]
[Collection(StackCollection.Name)]
public sealed class StackLiveCaptionTests(StackFixture stack, ToneWordsChromium chromium) : IClassFixture<ToneWordsChromium>
{
    [Fact]
    public async Task The_live_view_shows_partial_text_then_the_final_caption()
    {
        var page = await chromium.NewPageAsync(stack.GatewayUrl, "en-US");
        try
        {
            await page.GotoAsync("/");
            await page.Locator("#api-key").FillAsync(stack.ApiKey);
            await page.Locator("#api-key").PressAsync("Enter");
            await page.GetByRole(AriaRole.Link, new() { Name = "Live" }).ClickAsync();
            // Partials may be replaced within a frame; remember every partial text that was ever shown.
            await page.EvaluateAsync(@"() => {
                window.partials = [];
                const partial = document.querySelector('#live-partial');
                new MutationObserver(() => { if (partial.textContent) window.partials.push(partial.textContent); })
                    .observe(partial, { childList: true, characterData: true, subtree: true });
            }");

            await page.GetByRole(AriaRole.Button, new() { Name = "Start live captions" }).ClickAsync();
            var final = page.Locator("#live-finals .line .text").Filter(new() { HasText = "今天天气很好。" });
            await Assertions.Expect(final.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
            await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Live captions ended.", new() { Timeout = 30_000 });

            var partials = await page.EvaluateAsync<string[]>("() => window.partials");
            Assert.NotEmpty(partials);
            Assert.All(partials, p => Assert.StartsWith("今天", p));
            await ChromiumBrowser.AssertAccessibleAsync(page);
            await ChromiumBrowser.ScreenshotAsync(page, "stack-live");
            chromium.AssertNoScriptErrors(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
