using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright's bundled driver (no browser download), with a fake microphone that
/// plays <see cref="FakeMicrophoneWav"/> and grants the permission prompt by itself.
/// </summary>
public class ChromiumBrowser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string FakeMicrophoneWav { get; private set; } = string.Empty;

    /// <summary>The WAV chromium's fake microphone plays in a loop; a tone by default.</summary>
    protected virtual byte[] FakeMicrophoneAudio() => ToneWav.Create(6, 330);

    public static string ArtifactsFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        FakeMicrophoneWav = Path.Combine(Path.GetTempPath(), $"funasr-microphone-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(FakeMicrophoneWav, FakeMicrophoneAudio());
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-audio-capture={FakeMicrophoneWav}",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress, string locale = "zh-CN", int width = 1200, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = locale,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var errors = new List<string>();
        // Refused requests are logged by chromium itself and are part of what some tests provoke; anything else
        // (a CSP refusal, a script error) is a fault of the page.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        _consoleErrors[page] = errors;
        return page;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPage, List<string>> _consoleErrors = new();

    public void AssertNoScriptErrors(IPage page)
    {
        var errors = _consoleErrors[page];
        lock (errors)
        {
            Assert.True(errors.Count == 0, "Errors in the page's console:\n" + string.Join("\n", errors));
        }
    }

    /// <summary>Fails on any console error of the pages, and closes them all whether it fails or not.</summary>
    public async Task CloseAsync(IEnumerable<IPage> pages)
    {
        try
        {
            foreach (var page in pages)
            {
                AssertNoScriptErrors(page);
            }
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.Context.CloseAsync();
            }
        }
    }

    /// <summary>A new page signed in through the gateway's sign-in form with the test accounts' password.</summary>
    public async Task<IPage> PasswordSignInAsync(Uri gateway, string userName, string password, string locale = "zh-CN")
    {
        var page = await NewPageAsync(gateway, locale);
        await page.GotoAsync("/");
        await page.Locator("#user-name").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#password").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#who")).ToBeVisibleAsync();
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, $"{name}.png"), FullPage = true });

    /// <summary>Runs axe-core on the page as shown and fails on any serious or critical violation, naming each one.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, "Accessibility violations:\n" + string.Join("\n", serious));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (FakeMicrophoneWav.Length > 0)
        {
            File.Delete(FakeMicrophoneWav);
        }
    }
}
