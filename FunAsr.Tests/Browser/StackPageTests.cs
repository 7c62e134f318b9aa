using System.Net;
using System.Net.Http.Json;
using FunAsr.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>The page in chromium against the whole stack the AppHost starts (gateway, ASR replicas, Q&amp;A, Redis).</summary>
[Trait("Category", "Stack")]
[Trait("Category", "Browser")]
[Collection(StackCollection.Name)]
public sealed class StackPageTests(StackFixture stack, ToneWordsChromium chromium) : IClassFixture<ToneWordsChromium>, IAsyncLifetime
{
    private const string Sentence = ToneWordsChromium.Sentence;
    private const string ExpectedText = "今天天气很好。";

    private readonly List<IPage> _pages = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => chromium.CloseAsync(_pages);

    [Fact]
    public async Task Asking_about_an_ingested_lecture_shows_the_cited_passage()
    {
        var lectureId = $"gateway-{Guid.NewGuid():N}";
        const string passage = "Always wear a hard hat and safety boots in the loading bay.";
        using (var client = stack.CreateGatewayClient())
        {
            using var created = await client.PostAsJsonAsync("/api/qa/lectures", new
            {
                id = lectureId,
                title = "Loading bay safety",
                language = "en",
                segments = new object[]
                {
                    new { start = 0.0, end = 4.0, text = "Welcome to the warehouse induction." },
                    new { start = 4.0, end = 9.0, text = passage },
                    new { start = 9.0, end = 13.0, text = "Forklifts always have right of way." },
                },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await SignedInAsync("en-US");
        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-lecture='{lectureId}']")).ToContainTextAsync("Loading bay safety");

        await page.GetByRole(AriaRole.Link, new() { Name = "Ask" }).ClickAsync();
        await page.GetByLabel("Your question").FillAsync("What must I wear in the loading bay?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();

        var cited = page.Locator("#citations li").Filter(new() { HasText = passage });
        await Assertions.Expect(cited).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        // The Q&A service cites passages (neighbouring segments joined), so the cited span covers the segment's time.
        await Assertions.Expect(cited.Locator(".citation-link")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Loading bay safety · 00:0[0-4]–00:(09|1\d)$"));
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "stack-ask");
    }

    [Fact]
    public async Task Switching_to_english_and_back_on_the_running_stack()
    {
        var page = await SignedInAsync("zh-CN");
        await Assertions.Expect(page.Locator("#transcribe-title")).ToHaveTextAsync("转写");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("#transcribe-title")).ToHaveTextAsync("Transcribe");

        await page.GetByRole(AriaRole.Button, new() { Name = "切换到中文" }).ClickAsync();
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("#transcribe-title")).ToHaveTextAsync("转写");
        await ChromiumBrowser.ScreenshotAsync(page, "stack-transcribe");
    }

    [Fact]
    public async Task Uploading_a_tone_word_mp3_shows_the_known_transcript_and_downloads_a_valid_srt()
    {
        var folder = Directory.CreateTempSubdirectory("funasr-page-").FullName;
        try
        {
            var mp3 = await ToneWordsMp3Async(folder);
            var page = await SignedInAsync("zh-CN");
            await page.Locator("#file-input").SetInputFilesAsync(mp3);
            await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();

            var lines = page.Locator("#transcript-lines .line .text");
            await Assertions.Expect(lines.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
            Assert.Equal(ExpectedText, string.Concat(await lines.AllInnerTextsAsync()));

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "SRT" }).ClickAsync());
            var cues = SrtAssert.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
            Assert.Equal(ExpectedText, string.Concat(cues.Select(cue => cue.Text)));
            await ChromiumBrowser.AssertAccessibleAsync(page);
            await ChromiumBrowser.ScreenshotAsync(page, "stack-transcribe-upload");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_long_upload_runs_as_a_job_with_progress_and_lands_in_the_library()
    {
        var folder = Directory.CreateTempSubdirectory("funasr-page-").FullName;
        try
        {
            var name = $"long-lecture-{Guid.NewGuid():N}";
            var mp3 = await ToneWordsMp3Async(folder, leadSeconds: 125, name: name);
            var page = await SignedInAsync("zh-CN");
            await page.Locator("#file-input").SetInputFilesAsync(mp3);
            await Assertions.Expect(page.Locator("#selected-file")).ToContainTextAsync("02:0");
            // The job may finish within a second; remember whether the progress bar was ever shown.
            await page.EvaluateAsync(@"() => {
                window.sawProgress = false;
                const box = document.querySelector('#job-progress');
                new MutationObserver(() => { if (!box.hidden) window.sawProgress = true; }).observe(box, { attributes: true });
            }");
            await page.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();

            var lines = page.Locator("#transcript-lines .line .text");
            await Assertions.Expect(lines.First).ToBeVisibleAsync(new() { Timeout = 90_000 });
            Assert.Equal(ExpectedText, string.Concat(await lines.AllInnerTextsAsync()));
            Assert.True(await page.EvaluateAsync<bool>("() => window.sawProgress"));

            await page.GetByRole(AriaRole.Link, new() { Name = "课程库" }).ClickAsync();
            await Assertions.Expect(page.Locator("#lecture-rows")).ToContainTextAsync(name, new() { Timeout = 30_000 });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Recording_tone_words_from_the_fake_microphone_shows_the_known_transcript()
    {
        var page = await SignedInAsync("zh-CN");
        await page.GetByRole(AriaRole.Button, new() { Name = "录音" }).ClickAsync();
        await Assertions.Expect(page.Locator("#record-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.WaitForTimeoutAsync((int)(ToneWordsChromium.RecordSeconds * 1000));
        await page.GetByRole(AriaRole.Button, new() { Name = "停止录音" }).ClickAsync();

        var lines = page.Locator("#transcript-lines .line .text");
        await Assertions.Expect(lines.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Equal(ExpectedText, string.Concat(await lines.AllInnerTextsAsync()));
    }

    [Fact]
    public async Task A_citation_from_a_transcribed_lecture_plays_its_recording_at_the_cited_time()
    {
        var folder = Directory.CreateTempSubdirectory("funasr-page-").FullName;
        try
        {
            var title = $"Tone lecture {Guid.NewGuid():N}";
            // Five seconds of silence first, so "the player at the cited time" cannot be mistaken for the start of the file.
            var mp3 = await ToneWordsMp3Async(folder, leadSeconds: 5);
            using var client = stack.CreateGatewayClient();
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(await File.ReadAllBytesAsync(mp3)) { Headers = { ContentType = new("audio/mpeg") } }, "file", "lecture.mp3" },
                { new StringContent(title), "title" },
            };
            using var created = await client.PostAsync("/api/asr/jobs", form);
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            var job = await created.Content.ReadFromJsonAsync<JobAccepted>();
            var lectureId = await WaitForLectureAsync(client, title);
            Assert.Equal(job!.Id, lectureId);
            await DeleteOtherLecturesSayingAsync(client, ExpectedText, lectureId);

            var page = await SignedInAsync("zh-CN");
            await page.GetByRole(AriaRole.Link, new() { Name = "提问" }).ClickAsync();
            await page.GetByLabel("您的问题").FillAsync("今天天气很好吗？");
            await page.GetByRole(AriaRole.Button, new() { Name = "提问", Exact = true }).ClickAsync();
            var cited = page.Locator("#citations li").Filter(new() { HasText = title });
            await Assertions.Expect(cited).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            await Assertions.Expect(cited.Locator("blockquote")).ToContainTextAsync(ExpectedText);

            using var asked = await client.PostAsJsonAsync("/api/qa/ask", new { question = "今天天气很好吗？", language = "zh" });
            var citation = (await asked.Content.ReadFromJsonAsync<AskAnswer>())!.Citations.First(c => c.LectureId == lectureId);
            Assert.InRange(citation.Start, 4.5, 6.0);

            await PlayerSeeks.RecordAsync(page, "#ask-player");
            await cited.Locator(".citation-link").ClickAsync();
            await PlayerSeeks.WaitForAsync(page, "#ask-player", citation.Start);
            await Assertions.Expect(page.Locator("#ask-player")).ToBeVisibleAsync();
            await ChromiumBrowser.ScreenshotAsync(page, "stack-ask-citation");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The shared stack keeps the lectures earlier tests made from the same tone words; their sentences tie with this
    /// lecture's, and a tie would decide which one is cited. They are removed, so the citation can only be this lecture's.
    /// </summary>
    private static async Task DeleteOtherLecturesSayingAsync(HttpClient client, string text, string keep)
    {
        var lectures = await client.GetFromJsonAsync<List<LectureSummary>>("/api/qa/lectures");
        foreach (var other in lectures!.Where(l => l.Id != keep))
        {
            var transcript = await client.GetStringAsync($"/api/qa/lectures/{other.Id}");
            if (transcript.Contains(text.TrimEnd('。'), StringComparison.Ordinal))
            {
                using var deleted = await client.DeleteAsync($"/api/qa/lectures/{other.Id}");
                Assert.True(deleted.IsSuccessStatusCode, $"deleting lecture {other.Id}: {(int)deleted.StatusCode}");
            }
        }
    }

    private static async Task<string> WaitForLectureAsync(HttpClient client, string title)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var lectures = await client.GetFromJsonAsync<List<LectureSummary>>("/api/qa/lectures");
            if (lectures!.FirstOrDefault(l => l.Title == title) is { } lecture)
            {
                return lecture.Id;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"The lecture '{title}' did not reach the Q&A service within 60 s.");
    }

    /// <summary>The tone-word sentence as an mp3, encoded by ffmpeg (which the ASR service needs anyway).</summary>
    private static async Task<string> ToneWordsMp3Async(string folder, double leadSeconds = 0, string name = "tone-words")
    {
        var wav = Path.Combine(folder, $"{name}.wav");
        var mp3 = Path.Combine(folder, $"{name}.mp3");
        var words = ToneWords.Synthesize(Sentence);
        var lead = new float[(int)(leadSeconds * words.SampleRate)];
        new ToneWordsAudio([.. lead, .. words.Samples], words.SampleRate, [], words.ExpectedText).WriteWav(wav);
        var start = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-i", wav, "-codec:a", "libmp3lame", "-b:a", "128k", mp3 })
        {
            start.ArgumentList.Add(argument);
        }
        using var ffmpeg = System.Diagnostics.Process.Start(start)!;
        var errors = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg could not encode the mp3: {errors}");
        return mp3;
    }

    private sealed record JobAccepted(string Id, string Status);

    private sealed record LectureSummary(string Id, string Title);

    private sealed record AskCitation(string LectureId, double Start, double End, string Text);

    private sealed record AskAnswer(string Answer, List<AskCitation> Citations);

    [Fact]
    public async Task Notes_of_a_lecture_nobody_tuned_on_show_through_the_running_stack()
    {
        // A lecture of the second held-out notes set (written apart from the code), posted as an ASR transcript with word times.
        var transcript = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(
            AppContext.BaseDirectory, "Fixtures", "Heldout2", "notes", "notes-export-controls-en.json")))!.AsObject();
        var lectureId = $"notes-{Guid.NewGuid():N}";
        transcript["id"] = lectureId;
        using (var client = stack.CreateGatewayClient())
        {
            using var created = await FunAsr.Tests.QaBot.QaBotFixtures.PostTranscriptAsync(client, transcript);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await SignedInAsync("en-US");
        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        await page.Locator($"tr[data-lecture='{lectureId}']").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#notes-chapters li").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var terms = await page.Locator("#notes-glossary dt").AllInnerTextsAsync();
        var definitions = await page.Locator("#notes-glossary dd").AllInnerTextsAsync();
        var text = transcript["text"]!.GetValue<string>();
        Assert.True(terms.Count >= 5, string.Join(", ", terms));
        // Whole words of the lecture, each defined by its own sentence.
        Assert.All(terms, t => Assert.Matches($@"(?i)\b{System.Text.RegularExpressions.Regex.Escape(t)}", text));
        Assert.Equal(definitions.Count, definitions.Distinct().Count());
        Assert.True(await page.Locator("#notes-chapters li").CountAsync() >= 3);
        Assert.True(await page.Locator("#notes-key-points li").CountAsync() >= 3);
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "stack-notes");
    }

    private async Task<IPage> SignedInAsync(string locale)
    {
        var page = await chromium.NewPageAsync(stack.GatewayUrl, locale);
        _pages.Add(page);
        await page.GotoAsync("/");
        await page.Locator("#api-key").FillAsync(stack.ApiKey);
        await page.Locator("#api-key").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#view-transcribe")).ToBeVisibleAsync();
        return page;
    }
}
