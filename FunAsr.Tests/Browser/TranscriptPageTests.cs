using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using FunAsr.Text.Subtitles;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>
/// The page on the real services: a spoken lecture shows as sentence-sized lines, the page's subtitle downloads are the
/// API's own files, and a transcript saved to the library is corrected, versioned and answers questions with the correction.
/// </summary>
[Trait("Category", "Browser")]
public sealed class TranscriptPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private static readonly SubtitleRules Rules = new();
    private ServicesStack _stack = null!;
    private readonly List<IPage> _pages = [];

    public async Task InitializeAsync() => _stack = await ServicesStack.StartAsync();

    public async Task DisposeAsync()
    {
        try
        {
            await chromium.CloseAsync(_pages);
        }
        finally
        {
            await _stack.DisposeAsync();
        }
    }

    private static string Lecture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Lectures", name);

    private async Task<IPage> SignedInAsync()
    {
        var page = await chromium.NewPageAsync(_stack.Gateway.Address);
        _pages.Add(page);
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/");
        await page.GetByLabel("API 密钥").FillAsync(GatewayHost.Key);
        await page.GetByLabel("API 密钥").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#view-transcribe")).ToBeVisibleAsync();
        return page;
    }

    private async Task<string> ApiSubtitlesAsync(string file, string format)
    {
        using var client = _stack.Gateway.Client();
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/ogg");
        form.Add(content, "file", Path.GetFileName(file));
        form.Add(new StringContent(format), "response_format");
        using var response = await client.PostAsync("/v1/audio/transcriptions", form);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> DownloadAsync(IPage page, string buttonName, ILocator? within = null)
    {
        var scope = within ?? page.Locator("#transcript-result");
        var download = await page.RunAndWaitForDownloadAsync(() => scope.GetByRole(AriaRole.Button, new() { Name = buttonName, Exact = true }).ClickAsync());
        return await File.ReadAllTextAsync((await download.PathAsync())!);
    }

    [Theory]
    [InlineData("lecture-en.opus", "en")]
    [InlineData("lecture-zh.opus", "zh")]
    public async Task A_spoken_lecture_shows_sentence_sized_lines_and_the_pages_subtitles_are_the_apis(string name, string language)
    {
        var page = await SignedInAsync();
        await page.Locator("#file-input").SetInputFilesAsync(Lecture(name));
        await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();

        var lines = page.Locator("#transcript-lines .line .text");
        await Assertions.Expect(lines.First).ToBeVisibleAsync();
        var texts = await lines.AllInnerTextsAsync();
        Assert.True(texts.Count >= 8, $"{texts.Count} lines: the lecture should come back as sentence-sized lines");
        Assert.All(texts, text => Assert.True(Rules.Width(text) <= Rules.MaxLines * Rules.MaxLineLength + 1, $"line too long: {text}"));
        await ChromiumBrowser.ScreenshotAsync(page, $"transcribe-lecture-{language}");

        foreach (var format in new[] { "srt", "vtt" })
        {
            var fromPage = await DownloadAsync(page, format.ToUpperInvariant());
            Assert.Equal(await ApiSubtitlesAsync(Lecture(name), format), fromPage);
            foreach (var cue in AsrRequests.ParseCues(fromPage, vtt: format == "vtt"))
            {
                Assert.InRange(cue.Text.Split('\n').Length, 1, Rules.MaxLines);
                Assert.All(cue.Text.Split('\n'), l => Assert.True(Rules.Width(l) <= Rules.MaxLineLength, l));
                Assert.InRange(cue.End - cue.Start, Rules.MinCueSeconds - 0.0005, Rules.MaxCueSeconds + 0.0005);
            }
        }
    }

    [Fact]
    public async Task A_saved_transcript_is_corrected_in_the_library_and_answers_with_the_correction()
    {
        var page = await SignedInAsync();
        await page.Locator("#file-input").SetInputFilesAsync(Lecture("lecture-en.opus"));
        await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();
        await Assertions.Expect(page.Locator("#transcript-lines .line").First).ToBeVisibleAsync();

        await page.GetByLabel("课程标题").FillAsync("Onboarding lecture");
        await page.GetByLabel("谁可以看到").SelectOptionAsync("everyone");
        await page.Locator("#save-form").GetByRole(AriaRole.Button, new() { Name = "保存到课程库" }).ClickAsync();
        await Assertions.Expect(page.Locator("#save-status")).ToContainTextAsync("Onboarding lecture");

        await page.GetByRole(AriaRole.Link, new() { Name = "课程库" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Onboarding lecture" }).ClickAsync();
        var editor = page.Locator("#transcript-editor");
        await Assertions.Expect(editor).ToBeVisibleAsync();
        var lines = editor.Locator(".edit-line");
        var count = await lines.CountAsync();
        Assert.True(count >= 8, $"{count} lines in the editor");
        await Assertions.Expect(page.Locator("#library-player")).ToBeVisibleAsync();

        // The player follows the line being edited.
        var third = lines.Nth(2);
        var thirdStart = double.Parse(await third.Locator("input.start").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await PlayerSeeks.RecordAsync(page, "#library-player");
        await third.Locator("textarea").FocusAsync();
        await PlayerSeeks.WaitForAsync(page, "#library-player", thirdStart);

        const string correction = "The zebra stipend is paid every Friday.";
        await third.Locator("textarea").FillAsync(correction);
        var first = lines.Nth(0).Locator("textarea");
        await first.FocusAsync();
        await first.EvaluateAsync("t => t.setSelectionRange(3, 3)");
        await lines.Nth(0).GetByRole(AriaRole.Button, new() { Name = "在光标处拆分第 1 行" }).ClickAsync();
        await Assertions.Expect(lines).ToHaveCountAsync(count + 1);
        await lines.Nth(0).GetByRole(AriaRole.Button, new() { Name = "把第 1 行与下一行合并" }).ClickAsync();
        await Assertions.Expect(lines).ToHaveCountAsync(count);
        await page.GetByLabel("重命名课程").FillAsync("Onboarding lecture, corrected");
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Assertions.Expect(page.Locator("#edit-status")).ToContainTextAsync("第 2 版");
        await Assertions.Expect(page.Locator("#lecture-title")).ToHaveTextAsync("Onboarding lecture, corrected");

        await page.Locator("#edit-history summary").ClickAsync();
        await Assertions.Expect(page.Locator("#edit-versions > li").First).ToContainTextAsync("key-0");
        await Assertions.Expect(page.Locator("#edit-versions > li").First).ToContainTextAsync(correction);
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "library-editor");

        var srt = AsrRequests.ParseCues(await DownloadAsync(page, "SRT", editor), vtt: false);
        Assert.Contains(srt, c => c.Text.Replace('\n', ' ') == correction);

        await page.GetByRole(AriaRole.Link, new() { Name = "提问" }).ClickAsync();
        await page.GetByLabel("您的问题").FillAsync("When is the zebra stipend paid?");
        await page.GetByRole(AriaRole.Button, new() { Name = "提问", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#answer-text")).ToContainTextAsync("Friday");
        await Assertions.Expect(page.Locator("#citations")).ToContainTextAsync("zebra stipend");

        using var client = _stack.Gateway.Client();
        var lectures = await client.GetFromJsonAsync<List<JsonElement>>("/api/qa/lectures");
        var saved = Assert.Single(lectures!);
        Assert.Equal(2, saved.GetProperty("version").GetInt32());
        // The owner is the caller's subject: the configured development key acts as "key:<its id>".
        Assert.Equal("key:key-0", saved.GetProperty("owner").GetString());
    }

    /// <summary>A recording long enough for a job: its lecture reaches the library by itself, and saving names it as an edit.</summary>
    [Fact]
    public async Task A_long_recording_runs_as_a_job_and_saving_it_renames_the_lecture_the_job_published()
    {
        var file = Path.Combine(Path.GetTempPath(), $"funasr-long-{Guid.NewGuid():n}.opus");
        try
        {
            using (var ffmpeg = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ffmpeg")
            {
                ArgumentList = { "-nostdin", "-loglevel", "error", "-y", "-stream_loop", "6", "-i", Lecture("lecture-en.opus"), "-c", "copy", file },
            })!)
            {
                await ffmpeg.WaitForExitAsync();
                Assert.Equal(0, ffmpeg.ExitCode);
            }
            var page = await SignedInAsync();
            await page.Locator("#file-input").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();
            await Assertions.Expect(page.Locator("#job-progress")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#transcript-lines .line").Nth(20)).ToBeVisibleAsync(new() { Timeout = 60_000 });

            await page.GetByLabel("课程标题").FillAsync("Long onboarding");
            await page.GetByLabel("谁可以看到").SelectOptionAsync("private");
            await page.Locator("#save-form").GetByRole(AriaRole.Button, new() { Name = "保存到课程库" }).ClickAsync();
            await Assertions.Expect(page.Locator("#save-status")).ToContainTextAsync("Long onboarding");

            using var client = _stack.Gateway.Client();
            var lecture = Assert.Single((await client.GetFromJsonAsync<List<JsonElement>>("/api/qa/lectures"))!);
            Assert.Equal(("Long onboarding", "private", 2), (lecture.GetProperty("title").GetString(), lecture.GetProperty("visibility").GetString(), lecture.GetProperty("version").GetInt32()));
            // The lecture's id is the job's, so the library plays the job's recording.
            using var recording = await client.GetAsync($"/api/asr/recordings/{lecture.GetProperty("id").GetString()}");
            Assert.True(recording.IsSuccessStatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
