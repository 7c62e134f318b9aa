using FunAsr.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FunAsr.Tests.Dashboard;

/// <summary>Debian's chromium, headless, driven by Playwright over the dashboard of the shared stack.</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Stack")]
[Collection(StackCollection.Name)]
public sealed class DashboardBrowserTests(StackFixture stack)
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static string Artifact(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    [Fact]
    public async Task Resources_page_shows_every_replica_running_and_the_waterfall_shows_gateway_and_asr_spans()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });

        await page.GotoAsync(stack.DashboardLoginUrl);
        var rows = page.Locator("#resources tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(stack.Resources.Count);
        foreach (var resource in stack.Resources)
        {
            var row = page.Locator($"#resources tbody tr[data-name='{resource.Name}']");
            await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
            await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("Healthy", new() { Timeout = 30_000 });
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("dashboard-resources.png"), FullPage = true });

        using (var gateway = stack.CreateGatewayClient())
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(SpeechSample())), "file", "probe.wav");
            form.Add(new StringContent("known-answer"), "model");
            using var transcription = await gateway.PostAsync("/v1/audio/transcriptions", form);
            Assert.True(transcription.IsSuccessStatusCode, await transcription.Content.ReadAsStringAsync());
        }
        using var dashboard = stack.CreateDashboardClient();
        var trace = await DashboardStackTests.TraceWithServicesAsync(dashboard, ["gateway", "asr"], TimeSpan.FromSeconds(30), "transcriptions");
        var traceId = trace.GetProperty("traceId").GetString();

        await page.GotoAsync($"{stack.DashboardUrl}/#/trace/{traceId}");
        var asrSpan = page.Locator(".span-row[data-service='asr']").First;
        await Assertions.Expect(asrSpan).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".span-row[data-service='gateway']").First).ToBeVisibleAsync();
        Assert.Equal(trace.GetProperty("spans").GetArrayLength(), await page.Locator(".span-row").CountAsync());

        await asrSpan.ClickAsync();
        await Assertions.Expect(page.Locator("#span-details")).ToContainTextAsync("asr");
        await Assertions.Expect(page.Locator("#span-details")).ToContainTextAsync("Server");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("dashboard-trace-waterfall.png"), FullPage = true });

        Assert.True(File.Exists(Artifact("dashboard-trace-waterfall.png")));

        await page.GotoAsync($"{stack.DashboardUrl}/#/metrics");
        await Assertions.Expect(page.Locator("#charts h3").Nth(1)).ToContainTextAsync("real-time factor", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#charts svg")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("dashboard-metrics.png"), FullPage = true });
    }

    /// <summary>A short committed speech recording (models/testing/vad/probe.wav) found from the test output upwards.</summary>
    private static string SpeechSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "testing", "vad", "probe.wav");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("models/testing/vad/probe.wav not found above the test output folder.");
    }
}
