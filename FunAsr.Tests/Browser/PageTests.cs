using FunAsr.Tests.Gateway;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>
/// The page in Debian's chromium against the real gateway and stand-in services that answer with the documented
/// shapes. Screenshots of each view land in the test output's artifacts/ folder.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private StandInStack _stack = null!;
    private readonly List<IPage> _pages = [];

    public async Task InitializeAsync() => _stack = await StandInStack.StartAsync();

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

    private async Task<IPage> NewPageAsync(int width = 1200, int height = 900)
    {
        var page = await chromium.NewPageAsync(_stack.Gateway.Address, width: width, height: height);
        _pages.Add(page);
        return page;
    }

    [Fact]
    public async Task Sign_in_refuses_a_wrong_key_in_plain_words_and_accepts_the_right_one()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "signin");

        await page.GetByLabel("API 密钥").FillAsync("wrong-key-wrong-key-wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "用 API 密钥登录", Exact = true }).ClickAsync();
        var error = page.Locator("#signin-error");
        await Assertions.Expect(error).ToContainTextAsync("API 密钥无效");
        Assert.DoesNotContain("{", await error.InnerTextAsync());

        await page.GetByLabel("API 密钥").FillAsync(GatewayHost.Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "用 API 密钥登录", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#view-transcribe")).ToBeVisibleAsync();
        // The key was traded for a session cookie the page's scripts cannot read; the key itself is kept nowhere.
        Assert.Equal(0, await page.EvaluateAsync<int>("Object.keys(sessionStorage).concat(Object.keys(localStorage)).filter(k => k !== 'funasr.uiLanguage').length"));
        Assert.DoesNotContain("funasr-session", await page.EvaluateAsync<string>("document.cookie"));
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "__Host-funasr-session");
        Assert.True(session is { HttpOnly: true, Secure: true, SameSite: SameSiteAttribute.Strict });
    }

    [Fact]
    public async Task Upload_shows_the_timestamped_transcript_seeks_the_player_and_downloads_a_valid_srt()
    {
        var page = await SignedInAsync();
        var wav = ToneWav.WriteTemp(9);
        try
        {
            await page.Locator("#file-input").SetInputFilesAsync(wav);
            await page.GetByLabel("语言", new() { Exact = true }).SelectOptionAsync("en");
            await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();

            var lines = page.Locator("#transcript-lines .line");
            await Assertions.Expect(lines).ToHaveCountAsync(3);
            await Assertions.Expect(lines.Nth(1)).ToContainTextAsync(StandInStack.TranscriptLines[1]);
            await Assertions.Expect(lines.Nth(1).Locator(".time")).ToHaveTextAsync("00:03");
            var upload = Assert.Single(_stack.Received);
            Assert.Equal(("transcriptions", "en", "true"), (upload.Route, upload.Language, upload.Itn));
            Assert.Equal(new FileInfo(wav).Length, upload.Length);

            await PlayerSeeks.RecordAsync(page, "#transcribe-player");
            await lines.Nth(1).ClickAsync();
            await PlayerSeeks.WaitForAsync(page, "#transcribe-player", 3.0);

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "SRT" }).ClickAsync());
            var srt = await File.ReadAllTextAsync((await download.PathAsync())!);
            SrtAssert.Valid(srt, StandInStack.TranscriptLines);
            Assert.EndsWith(".srt", download.SuggestedFilename);

            await ChromiumBrowser.AssertAccessibleAsync(page);
            await ChromiumBrowser.ScreenshotAsync(page, "transcribe");
        }
        finally
        {
            File.Delete(wav);
        }
    }

    [Fact]
    public async Task A_long_file_runs_as_a_job_with_progress_then_the_transcript()
    {
        var page = await SignedInAsync();
        var wav = ToneWav.WriteTemp(130);
        try
        {
            await page.Locator("#file-input").SetInputFilesAsync(wav);
            await Assertions.Expect(page.Locator("#selected-file")).ToContainTextAsync("02:10");
            await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();

            await Assertions.Expect(page.Locator("#job-progress")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#progress-text")).ToContainTextAsync("/ 3");
            await Assertions.Expect(page.Locator("#transcript-lines .line")).ToHaveCountAsync(3);
            Assert.Equal("jobs", Assert.Single(_stack.Received).Route);
        }
        finally
        {
            File.Delete(wav);
        }
    }

    [Fact]
    public async Task Recording_from_the_fake_microphone_uploads_the_recording_and_shows_the_transcript()
    {
        var page = await SignedInAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "录音" }).ClickAsync();
        await Assertions.Expect(page.Locator("#record-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.WaitForTimeoutAsync(1500);
        await page.GetByRole(AriaRole.Button, new() { Name = "停止录音" }).ClickAsync();

        await Assertions.Expect(page.Locator("#transcript-lines .line")).ToHaveCountAsync(3);
        var upload = Assert.Single(_stack.Received);
        Assert.StartsWith("audio/webm", upload.ContentType);
        Assert.True(upload.Length > 1000, $"recording of {upload.Length} bytes is too small for 1.5 s of audio");
    }

    [Fact]
    public async Task Errors_from_behind_the_gateway_are_shown_in_plain_words_without_stacks()
    {
        var page = await SignedInAsync();
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(broken, ToneWav.Create(1));
        try
        {
            await page.Locator("#file-input").SetInputFilesAsync(broken);
            await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();
            var error = page.Locator("#transcribe-error");
            await Assertions.Expect(error).ToContainTextAsync("服务内部出错");
            var text = await error.InnerTextAsync();
            Assert.DoesNotContain(StandInStack.StackLeakMarker, text);
            Assert.DoesNotContain("{", text);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task Library_lists_lectures_flags_alerts_opens_notes_and_exports_markdown()
    {
        var page = await SignedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "课程库" }).ClickAsync();
        var row = page.Locator($"tr[data-lecture='{StandInStack.LectureId}']");
        await Assertions.Expect(row).ToContainTextAsync("1 条合规提醒");
        await Assertions.Expect(row).ToContainTextAsync("10:00");

        await row.GetByRole(AriaRole.Button, new() { Name = StandInStack.LectureTitle }).ClickAsync();
        await Assertions.Expect(page.Locator("#notes-summary")).ToContainTextAsync("loading bay");
        await Assertions.Expect(page.Locator("#notes-key-points li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#notes-glossary dt")).ToHaveTextAsync("Loading bay");
        await Assertions.Expect(page.Locator("#lecture-alerts")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#lecture-alert-list li")).ToHaveTextAsync($"01:05 电话号码: {StandInStack.MaskedExcerpt}");

        await page.Locator("#notes-quiz summary").First.ClickAsync();
        await PlayerSeeks.RecordAsync(page, "#library-player");
        await page.GetByRole(AriaRole.Button, new() { Name = "跳到 00:04" }).ClickAsync();
        await PlayerSeeks.WaitForAsync(page, "#library-player", StandInStack.CitationStart);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "导出 Markdown" }).ClickAsync());
        var markdown = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith($"# {StandInStack.LectureTitle}", markdown);

        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "library");
    }

    [Fact]
    public async Task Asking_shows_the_cited_passage_and_the_citation_plays_the_lecture_at_that_time()
    {
        var page = await SignedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "提问" }).ClickAsync();
        await page.GetByLabel("您的问题").FillAsync("装卸区要戴什么？");
        await page.GetByRole(AriaRole.Button, new() { Name = "提问", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#citations blockquote")).ToHaveTextAsync(StandInStack.CitedPassage);
        await Assertions.Expect(page.Locator("#answer-text")).ToHaveTextAsync("Wear a hard hat whenever you are in the loading bay.");
        Assert.Contains(_stack.Qabot.Seen, seen => seen.PathAndQuery == "/api/qa/ask/stream");
        await PlayerSeeks.RecordAsync(page, "#ask-player");
        await page.Locator(".citation-link").First.ClickAsync();
        await PlayerSeeks.WaitForAsync(page, "#ask-player", StandInStack.CitationStart);
        await Assertions.Expect(page.Locator("#ask-player-caption")).ToContainTextAsync("00:04");

        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "ask");
    }

    [Fact]
    public async Task Hold_to_talk_sends_the_spoken_question_and_shows_what_was_heard()
    {
        var page = await SignedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "提问" }).ClickAsync();
        var hold = page.GetByRole(AriaRole.Button, new() { Name = "按住说话" });
        await hold.HoverAsync();
        await page.Mouse.DownAsync();
        await Assertions.Expect(hold).ToHaveAttributeAsync("aria-pressed", "true");
        await page.WaitForTimeoutAsync(1200);
        await page.Mouse.UpAsync();

        await Assertions.Expect(page.Locator("#asked-question")).ToContainTextAsync(StandInStack.SpokenQuestion);
        await Assertions.Expect(page.Locator("#citations blockquote")).ToHaveTextAsync(StandInStack.CitedPassage);
        var upload = Assert.Single(_stack.Received);
        Assert.Equal("voice", upload.Route);
        Assert.True(upload.Length > 1000);
    }

    [Fact]
    public async Task Hold_to_talk_works_from_the_keyboard_with_the_space_bar()
    {
        var page = await SignedInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "提问" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "按住说话" }).FocusAsync();
        await page.Keyboard.DownAsync("Space");
        await Assertions.Expect(page.Locator("#voice-ask")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.WaitForTimeoutAsync(1000);
        await page.Keyboard.UpAsync("Space");

        await Assertions.Expect(page.Locator("#asked-question")).ToContainTextAsync(StandInStack.SpokenQuestion);
        Assert.Equal("voice", Assert.Single(_stack.Received).Route);
    }

    [Fact]
    public async Task Switching_to_english_and_back_changes_every_label_and_the_lang_attribute()
    {
        var page = await SignedInAsync();
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("#transcribe-title")).ToHaveTextAsync("转写");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("#transcribe-title")).ToHaveTextAsync("Transcribe");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Library" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Language", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal("FunASR Training Assistant", await page.TitleAsync());
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "transcribe-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "切换到中文" }).ClickAsync();
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("#transcribe-title")).ToHaveTextAsync("转写");
    }

    [Fact]
    public async Task The_nano_models_languages_join_the_language_list()
    {
        var page = await SignedInAsync();
        var options = page.Locator("#language-select option");
        await Assertions.Expect(options).ToHaveCountAsync(8);
        var values = await options.EvaluateAllAsync<string[]>("all => all.map(o => o.value)");
        Assert.Equal(["auto", "zh", "en", "yue", "ja", "ko", "de", "fr"], values);
    }

    [Fact]
    public async Task On_a_phone_screen_the_page_fits_without_sideways_scrolling()
    {
        var page = await NewPageAsync(390, 844);
        await SignInAsync(page);
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow);
        await ChromiumBrowser.ScreenshotAsync(page, "transcribe-phone");
    }

    private async Task<IPage> SignedInAsync()
    {
        var page = await NewPageAsync();
        await SignInAsync(page);
        return page;
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("API 密钥").FillAsync(GatewayHost.Key);
        await page.GetByLabel("API 密钥").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#view-transcribe")).ToBeVisibleAsync();
    }
}
