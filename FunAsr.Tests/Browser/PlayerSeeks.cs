using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>
/// Where a page sent one of its audio players, read at each <c>seeked</c> event. A page that plays from a time goes on
/// playing, so the position a moment later depends on how quickly a loaded machine polls the page, which is not what the
/// page is tested for; the seek itself is. <see cref="RecordAsync"/> before the click, <see cref="WaitForAsync"/> after it.
/// </summary>
public static class PlayerSeeks
{
    /// <summary>Starts (or restarts, forgetting earlier seeks) recording where the player with this selector is sent.</summary>
    public static Task RecordAsync(IPage page, string selector) =>
        page.EvaluateAsync(
            """
            selector => {
              const player = document.querySelector(selector);
              window.playerSeeks ??= {};
              if (!(selector in window.playerSeeks)) player.addEventListener('seeked', () => window.playerSeeks[selector].push(player.currentTime));
              window.playerSeeks[selector] = [];
            }
            """,
            selector);

    /// <summary>Where the player was first sent since <see cref="RecordAsync"/> (waiting for it as generously as <see cref="WaitForAsync"/>).</summary>
    public static async Task<double> FirstAsync(IPage page, string selector)
    {
        var first = await page.WaitForFunctionAsync(
            "selector => window.playerSeeks?.[selector]?.[0] ?? null", selector, new() { Timeout = 60_000 });
        return await first.JsonValueAsync<double>();
    }

    /// <summary>
    /// Waits until the player was sent within 0.6 s of <paramref name="seconds"/> since <see cref="RecordAsync"/>. Generous: on a
    /// loaded machine the player can take a while to load the recording's metadata.
    /// </summary>
    public static async Task WaitForAsync(IPage page, string selector, double seconds)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "([selector, seconds]) => (window.playerSeeks?.[selector] ?? []).some(t => Math.abs(t - seconds) < 0.6)",
                new object[] { selector, seconds }, new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>(
                "selector => { const p = document.querySelector(selector); return `at ${p.currentTime} s, readyState ${p.readyState}, seeks ${JSON.stringify(window.playerSeeks?.[selector])}`; }",
                selector);
            throw new TimeoutException($"{selector} was not sent to {seconds} s: {state}");
        }
    }
}
