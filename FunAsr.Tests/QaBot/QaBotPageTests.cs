using System.Net;
using System.Net.Http.Json;
using FunAsr.Tests.Browser;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.QaBot.Evaluation;
using FunAsr.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FunAsr.Tests.QaBot;

/// <summary>
/// The ask view against the real Q&amp;A service (on a loopback port, behind the real gateway) with a lecture that has word
/// times: the citation is the answering sentence itself, shown marked inside its context, and its click plays that sentence.
/// </summary>
[Trait("Category", "Browser")]
public sealed class QaBotPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    private const string LectureId = "lab-safety-en";
    private const string Question = "How long should I rinse my eyes after a splash?";
    private const string AnsweringSentence = "If something splashes in your eyes, rinse for at least fifteen minutes.";

    [Fact]
    public async Task A_citation_click_plays_the_answering_sentence_and_stops_after_it()
    {
        var lecture = QaEvaluationSet.LectureFiles(Path.Combine(QaEvaluationSet.FixturesFolder, "QaBot", "tuning"))
            .Single(l => l["id"]!.GetValue<string>() == LectureId);
        var expected = QaEvaluationSet.Load(Path.Combine(QaEvaluationSet.FixturesFolder, "QaBot", "tuning", "questions.json"))
            .Single(q => q.Question == Question);
        var duration = lecture["duration"]!.GetValue<double>();

        await using var redis = await RedisServer.StartAsync();
        await using var qabot = new QaBotFactory(redis.ConnectionString);
        qabot.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        qabot.StartServer();
        var qabotAddress = qabot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using (var client = new HttpClient { BaseAddress = new Uri(qabotAddress) }.ActAs(TestTokens.Admin))
        using (var created = await QaBotFixtures.PostTranscriptAsync(client, lecture))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        // The recording the player fetches: a tone as long as the lecture (8 kHz keeps it small).
        var recording = ToneWav.Create(duration + 1, 440, 8000);
        await using var asr = await StandInService.StartAsync("asr", app => app.MapGet("/api/asr/recordings/{id}", (string id) =>
            id == LectureId ? Results.File(recording, "audio/wav") : Results.NotFound()));
        await using var gateway = new GatewayHost([asr], null, new Dictionary<string, string?> { ["services:qabot:http:0"] = qabotAddress.TrimEnd('/') });

        var page = await chromium.NewPageAsync(gateway.Address);
        try
        {
            await page.GotoAsync("/");
            await page.GetByLabel("API 密钥").FillAsync(GatewayHost.Key);
            await page.GetByLabel("API 密钥").PressAsync("Enter");
            await page.GetByRole(AriaRole.Link, new() { Name = "提问" }).ClickAsync();
            await page.GetByLabel("您的问题").FillAsync(Question);
            await page.GetByRole(AriaRole.Button, new() { Name = "提问", Exact = true }).ClickAsync();

            var cited = page.Locator("#citations li").First;
            await Assertions.Expect(cited.Locator("mark.cited")).ToHaveTextAsync(AnsweringSentence);
            await Assertions.Expect(page.Locator("#answer-text")).ToHaveTextAsync(AnsweringSentence);
            // The context around the answer is shown too, and is longer than the answer.
            Assert.True((await cited.Locator("blockquote").InnerTextAsync()).Length > AnsweringSentence.Length + 40);

            await PlayerSeeks.RecordAsync(page, "#ask-player");
            await cited.Locator(".citation-link").ClickAsync();
            var playedFrom = await PlayerSeeks.FirstAsync(page, "#ask-player");
            Assert.InRange(playedFrom, expected.Start!.Value - 0.5, expected.Start.Value + 1.0);
            await ChromiumBrowser.ScreenshotAsync(page, "ask-answer-sentence");

            // Playing pauses just after the sentence's last word, not at the end of a 20-second passage.
            var stopped = await page.WaitForFunctionAsync(
                "() => { const p = document.querySelector('#ask-player'); return p && p.paused && p.currentTime > 1 ? p.currentTime : null; }",
                null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            Assert.InRange(await stopped.JsonValueAsync<double>(), expected.End!.Value - 0.3, expected.End.Value + 1.5);
            await ChromiumBrowser.AssertAccessibleAsync(page);
            chromium.AssertNoScriptErrors(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
