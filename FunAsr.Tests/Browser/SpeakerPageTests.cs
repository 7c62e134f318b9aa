using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Diarization;
using FunAsr.Tests.Gateway;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>
/// Speakers on the page, on the real services diarizing with the known-answer test doubles: a meeting's lines are
/// coloured by speaker, naming one in the legend labels the downloads, and the next upload of the same voice comes
/// back with that name.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SpeakerPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("funasr-speaker-page-").FullName;
    private ServicesStack _stack = null!;
    private IPage? _page;

    public async Task InitializeAsync() => _stack = await ServicesStack.StartAsync(new Dictionary<string, string?>
    {
        ["Asr:Diarization:SegmentationModelPath"] = DiarizationFixtures.Segmentation,
        ["Asr:Diarization:EmbeddingModelPath"] = DiarizationFixtures.Embedding("3d-speaker"),
    });

    public async Task DisposeAsync()
    {
        try
        {
            if (_page is not null)
            {
                chromium.AssertNoScriptErrors(_page);
                await _page.Context.CloseAsync();
            }
        }
        finally
        {
            await _stack.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string Meeting(string name, int turns, int seed)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, SyntheticMeeting.RoundTable(3, turns, seed).ToWav());
        return path;
    }

    private async Task TranscribeAsync(IPage page, string file)
    {
        await page.Locator("#file-input").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();
        await Assertions.Expect(page.Locator("#transcript-lines .line").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_speaker_named_on_the_page_is_named_in_the_srt_and_in_the_next_upload_of_that_voice()
    {
        var page = _page = await chromium.NewPageAsync(_stack.Gateway.Address);
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/");
        await page.GetByLabel("API 密钥").FillAsync(GatewayHost.Key);
        await page.GetByLabel("API 密钥").PressAsync("Enter");
        await page.GetByLabel("区分说话人").CheckAsync();

        // The first turn of a round table is voice 0, so speaker A is voice 0.
        await TranscribeAsync(page, Meeting("standup.wav", 10, 31));
        var legend = page.Locator("#speaker-legend");
        await Assertions.Expect(legend.Locator("li")).ToHaveCountAsync(3);
        var chips = await page.Locator("#transcript-lines .speaker").AllInnerTextsAsync();
        Assert.Equal(["A", "B", "C"], chips.Distinct().Order());
        Assert.Equal("A", chips[0]);
        await ChromiumBrowser.ScreenshotAsync(page, "speakers-meeting");

        await legend.GetByLabel("说话人 A 的名字").FillAsync("Alice");
        await legend.Locator("li[data-speaker='A']").GetByRole(AriaRole.Button, new() { Name = "命名" }).ClickAsync();
        await Assertions.Expect(legend.Locator("li[data-speaker='A']")).ToContainTextAsync("已记住 Alice 的声音");
        Assert.Equal("Alice", await page.Locator("#transcript-lines .speaker").First.InnerTextAsync());

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("#transcript-result .downloads").GetByRole(AriaRole.Button, new() { Name = "SRT", Exact = true }).ClickAsync());
        var cues = AsrRequests.ParseCues(await File.ReadAllTextAsync((await download.PathAsync())!), vtt: false);
        Assert.StartsWith("Alice: ", cues[0].Text);
        Assert.All(cues, c => Assert.Matches("^(Alice|B|C): ", c.Text));

        // Another meeting of the same voices: the page shows Alice without being told.
        await TranscribeAsync(page, Meeting("review.wav", 8, 47));
        await Assertions.Expect(page.Locator("#transcript-lines .speaker").First).ToHaveTextAsync("Alice");
        await Assertions.Expect(legend.Locator("li")).ToHaveCountAsync(3);
        Assert.Equal(["Alice", "B", "C"], (await page.Locator("#transcript-lines .speaker").AllInnerTextsAsync()).Distinct().Order());

        // The filter shows one speaker's lines only.
        await legend.GetByRole(AriaRole.Button, new() { Name = "只显示 Alice 说的话" }).ClickAsync();
        var visible = await page.Locator("#transcript-lines li:not([hidden]) .speaker").AllInnerTextsAsync();
        Assert.NotEmpty(visible);
        Assert.All(visible, v => Assert.Equal("Alice", v));
    }
}
