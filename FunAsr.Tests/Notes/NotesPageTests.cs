using System.Text.Json;
using FunAsr.QaBot.Notes;
using FunAsr.Tests.Browser;
using FunAsr.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace FunAsr.Tests.Notes;

/// <summary>
/// The notes page in Debian's chromium, through the real gateway, showing the notes the real extractive builder makes for
/// lectures in zh and en: glossary terms with the definitions that play, key points, and a chapter list that seeks the
/// player and exports as WebVTT. Screenshots land in the test output's artifacts/ folder (notes-&lt;set&gt;-&lt;lecture&gt;.png).
/// </summary>
[Trait("Category", "Browser")]
public sealed class NotesPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    [Theory]
    [InlineData("tuning")]
    [InlineData("held-out")]
    [InlineData("held-out-2")]
    public async Task Notes_page_shows_the_glossary_key_points_and_chapters_that_seek_the_player(string setName)
    {
        var set = setName switch { "tuning" => NotesEvaluation.Tuning(), "held-out" => NotesEvaluation.HeldOut(), _ => NotesEvaluation.HeldOut2() };
        var library = NotesEvaluation.Library().Concat(set.Select(s => s.Lecture)).ToList();
        var chosen = new[] { set.First(l => l.Lecture.Language == "en"), set.First(l => l.Lecture.Language == "zh") };
        var builder = NotesEvaluation.Builder();
        var notes = chosen.ToDictionary(l => l.Lecture.Id, l => builder.Build(l.Lecture, NotesEvaluation.Background(l.Lecture, library)));
        // A silent-ish 8 kHz tone as long as the longest lecture, so every chapter start is a real position in the recording.
        var recording = ToneWav.Create(chosen.Max(l => l.Lecture.Duration) + 5, 220, 8000);

        await using var asr = await StandInService.StartAsync("asr", app =>
            app.MapGet("/api/asr/recordings/{id}", (string id) => notes.ContainsKey(id) ? Results.File(recording, "audio/wav") : Results.NotFound()));
        await using var qabot = await StandInService.StartAsync("qabot", app =>
        {
            app.MapGet("/api/qa/lectures", () => Results.Json(chosen.Select(l => new
            {
                id = l.Lecture.Id, title = l.Lecture.Title, language = l.Lecture.Language, duration = l.Lecture.Duration,
                createdAt = "2026-12-01T09:00:00Z", segmentCount = l.Lecture.Segments.Count, alertCount = 0,
            })));
            app.MapPost("/api/qa/lectures/{id}/notes", (string id, string? format) => format == "vtt"
                ? Results.Text(NotesWebVtt.Render(notes[id]), "text/vtt; charset=utf-8")
                : Results.Json(notes[id], JsonSerializerOptions.Web));
        });
        await using var gateway = new GatewayHost([asr], qabot);
        var page = await chromium.NewPageAsync(gateway.Address, width: 1200, height: 900);
        try
        {
            await page.GotoAsync("/");
            await page.GetByLabel("API 密钥").FillAsync(GatewayHost.Key);
            await page.GetByLabel("API 密钥").PressAsync("Enter");
            await page.GetByRole(AriaRole.Link, new() { Name = "课程库" }).ClickAsync();

            foreach (var item in chosen)
            {
                var expected = notes[item.Lecture.Id];
                await page.Locator($"tr[data-lecture='{item.Lecture.Id}']").GetByRole(AriaRole.Button).ClickAsync();
                await Assertions.Expect(page.Locator("#notes-chapters li")).ToHaveCountAsync(expected.Chapters.Count);
                await Assertions.Expect(page.Locator("#notes-glossary dt")).ToHaveTextAsync(expected.Glossary.Select(g => g.Term).ToArray());
                await Assertions.Expect(page.Locator("#notes-key-points li")).ToHaveCountAsync(expected.KeyPoints.Count);
                await Assertions.Expect(page.Locator("#notes-summary li")).ToHaveCountAsync(expected.Chapters.Count(c => c.Summary.Length > 0));

                // A chapter seeks the player to its start and is marked as the one playing.
                var chapter = expected.Chapters[Math.Min(2, expected.Chapters.Count - 1)];
                var index = expected.Chapters.ToList().IndexOf(chapter);
                await PlayerSeeks.RecordAsync(page, "#library-player");
                await page.Locator("#notes-chapters li button").Nth(index).ClickAsync();
                await PlayerSeeks.WaitForAsync(page, "#library-player", chapter.Start);
                await Assertions.Expect(page.Locator("#notes-chapters li button").Nth(index)).ToHaveAttributeAsync("aria-current", "true");
                // A glossary term's time plays its definition.
                var term = expected.Glossary[^1];
                await PlayerSeeks.RecordAsync(page, "#library-player");
                await page.Locator("#notes-glossary dd").Last.GetByRole(AriaRole.Button).ClickAsync();
                await PlayerSeeks.WaitForAsync(page, "#library-player", term.Start!.Value);

                var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-chapters").ClickAsync());
                var vtt = await File.ReadAllTextAsync((await download.PathAsync())!);
                Assert.Equal(NotesWebVtt.Render(expected), vtt);

                await page.Locator("#export-chapters").ScrollIntoViewIfNeededAsync();
                await ChromiumBrowser.AssertAccessibleAsync(page);
                await ChromiumBrowser.ScreenshotAsync(page, $"notes-{setName}-{item.Lecture.Id}");
            }
            chromium.AssertNoScriptErrors(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
