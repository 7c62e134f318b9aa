using System.Net;
using System.Text.Json;
using FunAsr.AsrService.Transcription;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Browser;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.QaBot;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FunAsr.Tests.Learning;

/// <summary>Chromium whose fake microphone says "the weather is nice today" in the known-answer model's tone words.</summary>
public sealed class SpokenAnswerChromium : ChromiumBrowser
{
    public const string Sentence = "▁the ▁weather ▁is ▁nice ▁to day";
    public const string Heard = "the weather is nice today";

    public static double RecordSeconds => 0.5 + ToneWords.Synthesize(Sentence).DurationSeconds + 1.0;

    protected override byte[] FakeMicrophoneAudio()
    {
        var words = ToneWords.Synthesize(Sentence);
        var lead = new float[words.SampleRate / 2];
        var tail = new float[words.SampleRate * 3];
        return new ToneWordsAudio([.. lead, .. words.Samples, .. tail], words.SampleRate, [], words.ExpectedText).ToWav();
    }
}

/// <summary>
/// The whole learning flow in chromium through the real gateway, with the real ASR service (known-answer model), QaBot,
/// learning service and a conforming LRS: a content user ingests a spoken lecture, generates, edits and publishes its quiz;
/// an employee watches part of it, takes the quiz by typing and one answer by voice, sees mastery and the plan change,
/// opens the knowledge graph and plays where a concept is taught; the LRS receives the statements.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LearningPageTests(SpokenAnswerChromium chromium) : IClassFixture<SpokenAnswerChromium>, IAsyncLifetime
{
    private RedisServer _redis = null!;
    private AsrServiceHost _asr = null!;
    private QaBotFactory _qabot = null!;
    private LocalLrs _lrs = null!;
    private LearningHost _learning = null!;
    private GatewayHost _gateway = null!;
    private readonly string _jobs = Directory.CreateTempSubdirectory("funasr-learning-jobs-").FullName;

    private static string AddressOf(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _asr = new AsrServiceHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Asr:Jobs:PollInterval"] = "00:00:00.100",
            ["Asr:Jobs:StoragePath"] = _jobs,
        });
        _asr.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _asr.StartServer();
        var readiness = _asr.Services.GetRequiredService<ModelReadiness>();
        for (var i = 0; i < 600 && readiness.State != FunAsr.AsrService.Recognition.SpeechEngineState.Ready; i++)
        {
            await Task.Delay(50);
        }
        _qabot = new QaBotFactory(_redis.ConnectionString, new Dictionary<string, string?> { ["InternalAuth:SigningKey"] = GatewayHost.SigningKey });
        _qabot.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _qabot.StartServer();
        _lrs = await LocalLrs.StartAsync();
        _learning = new LearningHost(new Dictionary<string, string?>
        {
            ["services:qabot:http:0"] = AddressOf(_qabot.Services),
            ["services:asr:http:0"] = AddressOf(_asr.Services),
            // QaBot's lecture and question streams, consumed as in the AppHost.
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Learning:Events:PollInterval"] = "00:00:00.100",
            ["Learning:Lrs:Endpoint"] = _lrs.Endpoint,
            ["Learning:Lrs:Username"] = LocalLrs.Key,
            ["Learning:Lrs:Password"] = LocalLrs.Secret,
            ["Learning:Lrs:PollInterval"] = "00:00:00.250",
        });
        _gateway = new GatewayHost([], null, new Dictionary<string, string?>
        {
            ["services:asr:http:0"] = AddressOf(_asr.Services),
            ["services:qabot:http:0"] = AddressOf(_qabot.Services),
            // The gateway's own routes and cluster for /api/learning and /api/compliance (appsettings.json), discovered here.
            ["services:learning:http:0"] = _learning.Address.ToString().TrimEnd('/'),
        });
        await _gateway.CreateAccountAsync("tess.trainer", "content", "training");
        await _gateway.CreateAccountAsync("eve.employee", "employee", "sales");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _learning.DisposeAsync();
        await _lrs.DisposeAsync();
        await _qabot.DisposeAsync();
        await _asr.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_jobs, recursive: true);
    }

    private async Task<IPage> SignInAsync(string user)
    {
        var page = await chromium.NewPageAsync(_gateway.Address, "en-US", 1280, 1000);
        await page.GotoAsync("/");
        await page.Locator("#user-name").FillAsync(user);
        await page.Locator("#password").FillAsync(GatewayHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(user);
        return page;
    }

    [Fact]
    public async Task A_lecture_becomes_a_quiz_an_employee_takes_by_text_and_voice_and_the_lrs_receives_the_records()
    {
        var trainer = await SignInAsync("tess.trainer");
        // Ingest: the recording as an ASR job (so it is kept for playback), then the corrected transcript under the job's id.
        var audio = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(LearningFixtures.Folder, "developer-week.opus")));
        var lectureJson = LearningFixtures.LectureJson(LearningFixtures.DeveloperWeek);
        var lectureId = await trainer.EvaluateAsync<string>("""
            async ([audio, lecture]) => {
              const bytes = Uint8Array.from(atob(audio), (c) => c.charCodeAt(0));
              const form = new FormData();
              form.append('file', new File([bytes], 'developer-week.opus', { type: 'audio/ogg' }));
              form.append('language', 'en');
              const job = await (await fetch('/api/asr/jobs', { method: 'POST', body: form })).json();
              const wait = () => new Promise((r) => setTimeout(r, 250));
              for (;;) {
                const state = await (await fetch(`/api/asr/jobs/${job.id}`)).json();
                if (state.status === 'completed') break;
                if (state.status === 'failed') throw new Error(JSON.stringify(state));
                await wait();
              }
              while (!(await fetch(`/api/qa/lectures/${job.id}`)).ok) await wait();
              const body = { ...JSON.parse(lecture), id: job.id };
              const saved = await fetch('/api/qa/lectures', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
              if (!saved.ok) throw new Error(await saved.text());
              // The learning layer hears of the save on a stream; indexed now, so the quiz cannot come from the ASR's first text.
              const indexed = await fetch(`/api/learning/lectures/${job.id}/index`, { method: 'POST' });
              if (!indexed.ok) throw new Error(await indexed.text());
              return job.id;
            }
            """, new object[] { audio, lectureJson });

        // The content user generates the quiz, edits an item and publishes it.
        await trainer.GetByRole(AriaRole.Link, new() { Name = "Quizzes" }).ClickAsync();
        var row = trainer.Locator($"tr[data-lecture='{lectureId}']");
        await row.GetByRole(AriaRole.Button, new() { Name = "Generate a quiz" }).ClickAsync();
        await Assertions.Expect(trainer.Locator("#editor-items > li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var firstCloze = trainer.Locator("#editor-items > li[data-kind='cloze']").First;
        var accepted = firstCloze.Locator("textarea").Nth(1);
        await accepted.FillAsync(await accepted.InputValueAsync() + "\nCI pipeline");
        await firstCloze.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(firstCloze).ToContainTextAsync("Saved.");
        await trainer.GetByLabel("Approve every question when publishing").CheckAsync();
        await trainer.GetByRole(AriaRole.Button, new() { Name = "Publish to employees" }).ClickAsync();
        await Assertions.Expect(trainer.Locator("#quizzes-status")).ToHaveTextAsync("The quiz is published; employees can take it now.");
        await ChromiumBrowser.ScreenshotAsync(trainer, "learning-quiz-review");
        var review = JsonDocument.Parse(await trainer.EvaluateAsync<string>($$"""
            async () => {
              const quizzes = await (await fetch('/api/learning/quizzes?lectureId={{lectureId}}')).json();
              return await (await fetch(`/api/learning/quizzes/${quizzes[0].id}/review`)).text();
            }
            """)).RootElement;
        var items = review.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains("CI pipeline", items.First(i => i.GetProperty("kind").GetString() == "cloze").GetProperty("accepted").EnumerateArray().Select(a => a.GetString()));

        // The employee watches part of the lecture.
        var employee = await SignInAsync("eve.employee");
        await employee.GetByRole(AriaRole.Link, new() { Name = "My training" }).ClickAsync();
        var planned = employee.Locator($"#plan-next li[data-lecture='{lectureId}']");
        await Assertions.Expect(planned).ToBeVisibleAsync();
        var planBefore = await planned.Locator(".plan-points").InnerTextAsync();
        Assert.Contains("build pipeline 30%", planBefore);
        await planned.GetByRole(AriaRole.Button, new() { Name = "Watch the lecture" }).ClickAsync();
        await employee.WaitForFunctionAsync("() => document.querySelector('#lesson-player').readyState >= 1");
        await employee.EvaluateAsync("() => { const p = document.querySelector('#lesson-player'); p.muted = true; p.currentTime = 0; return p.play(); }");
        await employee.WaitForFunctionAsync("() => document.querySelector('#lesson-player').currentTime > 12", null, new() { Timeout = 30_000 });
        await employee.EvaluateAsync("() => document.querySelector('#lesson-player').pause()");
        await employee.WaitForFunctionAsync($"() => Number(document.querySelector(\"#plan-next li[data-lecture='{lectureId}'] progress\")?.value) > 0.1");

        // The quiz: typed answers, one cloze answered by voice (the microphone says something else: graded wrong).
        await planned.GetByRole(AriaRole.Button, new() { Name = "Take the quiz" }).ClickAsync();
        var voiceItem = items.Last(i => i.GetProperty("kind").GetString() == "cloze").GetProperty("id").GetInt32();
        foreach (var item in items)
        {
            var id = item.GetProperty("id").GetInt32();
            var fieldset = employee.Locator($"#quiz-items fieldset[data-item='{id}']");
            switch (item.GetProperty("kind").GetString())
            {
                case "multipleChoice" or "trueFalse":
                    await fieldset.Locator($"#item-{id}-{item.GetProperty("correct").GetInt32()}").CheckAsync();
                    break;
                case "matching":
                    var pairs = item.GetProperty("pairs").EnumerateArray().Select(p => p.GetInt32()).ToList();
                    for (var t = 0; t < pairs.Count; t++)
                    {
                        await fieldset.Locator($"#item-{id}-{t}").SelectOptionAsync(pairs[t].ToString());
                    }
                    break;
                default:
                    if (id == voiceItem)
                    {
                        await fieldset.GetByRole(AriaRole.Button, new() { Name = "🎤 Answer by voice" }).ClickAsync();
                        await Task.Delay(TimeSpan.FromSeconds(SpokenAnswerChromium.RecordSeconds));
                        await fieldset.GetByRole(AriaRole.Button, new() { Name = "■ Done speaking" }).ClickAsync();
                        await Assertions.Expect(fieldset.Locator(".heard")).ToHaveTextAsync($"Heard: {SpokenAnswerChromium.Heard}", new() { Timeout = 30_000 });
                        await Assertions.Expect(fieldset.Locator("input[type=text]")).ToHaveValueAsync(SpokenAnswerChromium.Heard);
                    }
                    else
                    {
                        await fieldset.Locator("input[type=text]").FillAsync(item.GetProperty("accepted")[0].GetString()!);
                    }
                    break;
            }
        }
        await ChromiumBrowser.ScreenshotAsync(employee, "learning-quiz-answers");
        await employee.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();
        await Assertions.Expect(employee.Locator("#quiz-score")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"{items.Count - 1} of {items.Count} right"));
        var wrong = employee.Locator($"#quiz-outcomes li[data-item='{voiceItem}']");
        await Assertions.Expect(wrong).ToHaveClassAsync("wrong");
        var expectedAnswer = items.Single(i => i.GetProperty("id").GetInt32() == voiceItem).GetProperty("accepted")[0].GetString();
        await Assertions.Expect(wrong).ToContainTextAsync($"Correct answer: {expectedAnswer}");
        await Assertions.Expect(employee.Locator("#quiz-outcomes li.right")).ToHaveCountAsync(items.Count - 1);

        // Mastery and the plan changed; the explanation of the missed item plays from its sentence.
        await Assertions.Expect(employee.Locator("#mastery-list li").First).ToBeVisibleAsync();
        await Assertions.Expect(employee.Locator("#mastery-chart polyline")).ToHaveCountAsync(1);
        // The plan now orders the lecture's points by what is left to learn, each at its new mastery.
        await Assertions.Expect(planned.Locator(".plan-points")).Not.ToHaveTextAsync(planBefore);
        Assert.DoesNotContain("build pipeline 30%", await planned.Locator(".plan-points").InnerTextAsync());
        await ChromiumBrowser.ScreenshotAsync(employee, "learning-quiz-result");
        await PlayerSeeks.RecordAsync(employee, "#lesson-player");
        await wrong.GetByRole(AriaRole.Button, new() { Name = "▶ Hear where the lecture teaches it" }).ClickAsync();
        var moment = items.Single(i => i.GetProperty("id").GetInt32() == voiceItem).GetProperty("moment");
        var playedFrom = await PlayerSeeks.FirstAsync(employee, "#lesson-player");
        await employee.WaitForFunctionAsync("() => document.querySelector('#lesson-player').played.length > 0");
        Assert.InRange(playedFrom, moment.GetProperty("start").GetDouble() - 0.5, moment.GetProperty("start").GetDouble() + 2);
        await ChromiumBrowser.ScreenshotAsync(employee, "learning-training");
        await ChromiumBrowser.AssertAccessibleAsync(employee);

        // The knowledge graph shows the lecture's concepts; a click on one says where it is taught and plays it.
        await employee.GetByRole(AriaRole.Link, new() { Name = "Knowledge graph" }).ClickAsync();
        await employee.WaitForFunctionAsync("() => (document.querySelector('#graph-canvas')._cyreg?.cy?.nodes().length ?? 0) >= 4");
        var labels = await employee.EvaluateAsync<string[]>("() => document.querySelector('#graph-canvas')._cyreg.cy.nodes().map((n) => n.data('label'))");
        Assert.Contains("build pipeline", labels);
        Assert.Contains("code review", labels);
        var at = await employee.EvaluateAsync<double[]>("""
            () => {
              const cy = document.querySelector('#graph-canvas')._cyreg.cy;
              const node = cy.nodes().filter((n) => n.data('label') === 'build pipeline')[0];
              const box = cy.container().getBoundingClientRect();
              const p = node.renderedPosition();
              return [box.left + p.x, box.top + p.y];
            }
            """);
        await employee.Mouse.ClickAsync((float)at[0], (float)at[1]);
        await Assertions.Expect(employee.Locator("#point-title")).ToHaveTextAsync("build pipeline");
        var taught = employee.Locator($"#point-taught li[data-lecture='{lectureId}']");
        await Assertions.Expect(taught).ToContainTextAsync("The build pipeline is the automated process that compiles, tests and packages every change.");
        await PlayerSeeks.RecordAsync(employee, "#graph-player");
        await taught.Locator("button.time").First.ClickAsync();
        var graphFrom = await PlayerSeeks.FirstAsync(employee, "#graph-player");
        await employee.WaitForFunctionAsync("() => document.querySelector('#graph-player').played.length > 0");
        Assert.InRange(graphFrom, 13.3, 16);
        await ChromiumBrowser.ScreenshotAsync(employee, "learning-graph");
        await ChromiumBrowser.AssertAccessibleAsync(employee);

        // A question asked through the gateway reaches the learning layer on QaBot's question stream.
        var asked = await employee.EvaluateAsync<JsonElement>("""
            async () => { const r = await fetch('/api/qa/ask', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ question: 'What does the build pipeline do?', language: 'en' }) });
              return { status: r.status, answer: (await r.json()).answer }; }
            """);
        Assert.Equal(200, asked.GetProperty("status").GetInt32());

        // The LRS has the records: answers (one spoken), the result, watching, mastery and the question.
        var received = await _lrs.WaitForStatementsAsync(s => s.Count(x => Verb(x) == "answered") >= items.Count && s.Any(x => Verb(x) is "passed" or "failed")
            && s.Any(x => Verb(x) == "asked"), TimeSpan.FromSeconds(30));
        var answered = received.Where(s => Verb(s) == "answered").ToList();
        Assert.Equal(items.Count, answered.Count);
        Assert.Single(answered, s => s.GetProperty("result").GetProperty("extensions").EnumerateObject().Single().Value.GetString() == "voice");
        Assert.Contains(received, s => Verb(s) == "experienced");
        Assert.Contains(received, s => Verb(s) == "progressed");
        Assert.All(answered, s => Assert.Equal("eve.employee", s.GetProperty("actor").GetProperty("name").GetString()));
        var question = Assert.Single(received, s => Verb(s) == "asked");
        Assert.Equal("eve.employee", question.GetProperty("actor").GetProperty("name").GetString());
        // The record keeps the answer the employee was given (whether the Q&A found one is its own evaluation's concern).
        Assert.Equal(asked.GetProperty("answer").GetString(), question.GetProperty("result").GetProperty("response").GetString());
        Assert.Contains("build pipeline", question.GetProperty("object").ToString());

        chromium.AssertNoScriptErrors(trainer);
        chromium.AssertNoScriptErrors(employee);
        await trainer.Context.CloseAsync();
        await employee.Context.CloseAsync();
    }

    private static string? Verb(JsonElement statement) => statement.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString();
}
