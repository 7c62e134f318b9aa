using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Data;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Quizzes;
using FunAsr.Security.Authorization;
using FunAsr.Tests.Browser;
using FunAsr.Tests.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FunAsr.Tests.Compliance;

/// <summary>
/// The compliance pages in Debian's chromium through the real gateway, routed to the real learning service: an
/// officer's inbox fills without a reload and acknowledges; an employee watches (the open courses take in what was
/// watched without a reload), passes the quiz, re-enters the password, attests and gets a certificate whose verification
/// page says it is valid. Screenshots land in artifacts/.
/// </summary>
[Trait("Category", "Browser")]
public sealed class CompliancePageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private StandInStack _stack = null!;
    private ComplianceHost _learning = null!;
    private readonly List<IPage> _pages = [];

    public async Task InitializeAsync()
    {
        _learning = new ComplianceHost(new Dictionary<string, string?> { ["InternalAuth:SigningKey"] = GatewayHost.SigningKey });
        var learning = _learning.Address.ToString().TrimEnd('/');
        _stack = await StandInStack.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:learning:ClusterId"] = "learning",
            ["ReverseProxy:Routes:learning:Match:Path"] = "/api/learning/{**rest}",
            ["ReverseProxy:Routes:compliance:ClusterId"] = "learning",
            ["ReverseProxy:Routes:compliance:Match:Path"] = "/api/compliance/{**rest}",
            ["ReverseProxy:Routes:verify:ClusterId"] = "learning",
            ["ReverseProxy:Routes:verify:Match:Path"] = "/verify/{**rest}",
            ["ReverseProxy:Routes:verify:AuthorizationPolicy"] = "anonymous",
            ["ReverseProxy:Clusters:learning:Destinations:learning:Address"] = learning,
        });
        await _stack.Gateway.CreateAccountAsync("olivia.officer", "admin", department: "compliance");
        await _stack.Gateway.CreateAccountAsync("wang.employee", "employee", department: "warehouse");
    }

    public async Task DisposeAsync()
    {
        try
        {
            await chromium.CloseAsync(_pages);
        }
        finally
        {
            await _stack.DisposeAsync();
            await _learning.DisposeAsync();
        }
    }

    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await chromium.PasswordSignInAsync(_stack.Gateway.Address, userName, GatewayHost.Password, "en-US");
        _pages.Add(page);
        return page;
    }

    [Fact]
    public async Task An_officers_inbox_fills_without_a_reload_and_an_acknowledgement_is_recorded()
    {
        var page = await SignInAsync("olivia.officer");
        await page.GetByRole(AriaRole.Link, new() { Name = "Compliance" }).ClickAsync();
        await Assertions.Expect(page.Locator("#compliance-live")).ToHaveTextAsync("Live");

        await page.Locator("#compliance-term").FillAsync("Northwind Traders");
        await page.Locator("#compliance-term-aliases").FillAsync("Northwind");
        await page.Locator("#compliance-term-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#compliance-term-rows tr")).ToHaveCountAsync(1);
        await page.Locator("#compliance-scan-text").FillAsync("Call Northwind on 138 1234 5678.");
        await page.Locator("#compliance-scan-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#compliance-scan-result")).ToContainTextAsync("Call [CUSTOMER] on [PHONE].");

        // A producer (the ASR service, here signed as one) reports two findings while the page is open.
        using var producer = _learning.Client(ComplianceHost.Person("service:asr", Roles.Content, null, "ASR service"));
        await producer.PostAsJsonAsync("/api/compliance/findings", new[]
        {
            new { dedupeKey = "live-1:0", kind = "phoneNumber", source = "live", sourceId = "live-1", excerpt = "call me on 138****5678", startTime = 3.5 },
            new { dedupeKey = "live-1:1", kind = "customer", source = "live", sourceId = "live-1", excerpt = "the Northwind Traders deal", startTime = 6.0 },
        });
        await Assertions.Expect(page.Locator("#compliance-inbox-rows tr")).ToHaveCountAsync(2, new() { Timeout = 2000 });
        await Assertions.Expect(page.Locator("#compliance-inbox-count")).ToHaveTextAsync("2 open");

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync("Spoken by the customer; no leak.");
        await page.Locator("#compliance-inbox-rows tr[data-kind=phoneNumber] button").ClickAsync();
        await Assertions.Expect(page.Locator("#compliance-inbox-rows tr[data-kind=phoneNumber]")).ToContainTextAsync("Acknowledged by olivia.officer");
        await Assertions.Expect(page.Locator("#compliance-inbox-count")).ToHaveTextAsync("1 open");

        await page.Locator("#compliance-verify").ClickAsync();
        await Assertions.Expect(page.Locator("#compliance-chain")).ToContainTextAsync("intact");
        await page.Locator("#compliance-report-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#compliance-report-rows tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#compliance-report-rows a")).ToHaveCountAsync(3);
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "compliance-officer");
    }

    [Fact]
    public async Task An_employee_watches_passes_the_quiz_re_enters_the_password_attests_and_the_certificate_verifies()
    {
        await AssignCourseAsync();
        var page = await SignInAsync("wang.employee");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mandatory courses" }).ClickAsync();
        var course = page.Locator("article.course");
        await Assertions.Expect(course).ToContainTextAsync("Warehouse safety 2026");
        await Assertions.Expect(course.GetByRole(AriaRole.Button, new() { Name = "Attest and complete" })).ToBeDisabledAsync();

        // Watching happens in the learning layer's player, which reports what was played; the 12 s recording plays four
        // times faster. The reports are held until the courses are open again, so the figure they show must change there.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/learning/progress", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await course.GetByRole(AriaRole.Button, new() { Name = "Watch the lecture" }).ClickAsync();
        var player = page.Locator("#lesson-player");
        await Assertions.Expect(player).ToBeVisibleAsync();
        // Half-way the player stalls as if buffering ('waiting', then 'playing' again where it stopped): what was played
        // before the stall still counts. The page sends the last stretch when playback ends.
        await player.EvaluateAsync("""
            p => new Promise(done => {
                p.addEventListener('ended', () => done(), { once: true });
                const stall = () => {
                    if (p.currentTime < p.duration / 2) return;
                    p.removeEventListener('timeupdate', stall);
                    p.dispatchEvent(new Event('waiting'));
                    p.dispatchEvent(new Event('playing'));
                };
                p.addEventListener('timeupdate', stall);
                p.playbackRate = 4;
                p.play();
            })
            """);

        // The courses, opened before the report lands, say less until it does, then show it without a reload; so does the quiz.
        await page.GetByRole(AriaRole.Link, new() { Name = "Mandatory courses" }).ClickAsync();
        await Assertions.Expect(course).ToContainTextAsync("watched 0 %");
        release.SetResult();
        // What the player reports ends at its last time update, a frame or so short of the end.
        await Assertions.Expect(course).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"watched (9\d|100) %"), new() { Timeout = 10_000 });
        await course.GetByRole(AriaRole.Button, new() { Name = "Take the quiz" }).ClickAsync();
        await page.GetByLabel("hard hat").CheckAsync();
        await page.Locator("#quiz-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#quiz-result")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Mandatory courses" }).ClickAsync();
        await Assertions.Expect(course).ToContainTextAsync("quiz passed", new() { Timeout = 5000 });
        await course.GetByRole(AriaRole.Button, new() { Name = "Attest and complete" }).ClickAsync();
        await Assertions.Expect(course.Locator("blockquote.attestation")).ToContainTextAsync("Warehouse safety 2026");
        await course.GetByLabel("Enter your password again to sign").FillAsync(GatewayHost.Password);
        await course.GetByRole(AriaRole.Button, new() { Name = "Sign the attestation" }).ClickAsync();
        await Assertions.Expect(course).ToContainTextAsync("Completed", new() { Timeout = 5000 });
        await Assertions.Expect(course.GetByRole(AriaRole.Link, new() { Name = "Download the certificate (PDF)" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "compliance-training");

        var verifyHref = await course.GetByRole(AriaRole.Link, new() { Name = "Verify the certificate" }).GetAttributeAsync("href");
        var download = await page.RunAndWaitForDownloadAsync(() => course.GetByRole(AriaRole.Link, new() { Name = "Download the certificate (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var text = PdfText.Extract(pdf);
        Assert.Contains("wang.employee", text);
        Assert.Contains(verifyHref!, text); // the URL the QR code opens, printed under it

        // The verification page answers anyone, through the gateway, with validity, course and date only.
        var visitor = await chromium.NewPageAsync(_stack.Gateway.Address, "en-US");
        _pages.Add(visitor);
        await visitor.GotoAsync(verifyHref!);
        await Assertions.Expect(visitor.Locator("#status")).ToHaveAttributeAsync("data-status", "valid");
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("Warehouse safety 2026");
        await Assertions.Expect(visitor.Locator("main")).Not.ToContainTextAsync("wang.employee");
        await ChromiumBrowser.ScreenshotAsync(visitor, "compliance-verify");
    }

    [Fact]
    public async Task Open_mandatory_courses_show_what_another_tab_played_when_the_person_comes_back_to_them()
    {
        await AssignCourseAsync();
        var page = await SignInAsync("wang.employee");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mandatory courses" }).ClickAsync();
        var course = page.Locator("article.course");
        await Assertions.Expect(course).ToContainTextAsync("watched 0 %");

        // Another tab of the same session plays the whole lecture: its report reaches this page only through the service.
        await page.EvaluateAsync("""
            lectureId => fetch('/api/learning/progress', {
                method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ lectureId, from: 0, to: 12, duration: 12 }),
            }).then(response => { if (!response.ok) throw new Error(`progress: ${response.status}`); })
            """, StandInStack.LectureId);
        // The person comes back to this tab; headless chromium never hides one, so the page is told as the browser would tell it.
        await page.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");
        await Assertions.Expect(course).ToContainTextAsync("watched 100 %", new() { Timeout = 5000 });
    }

    private async Task AssignCourseAsync()
    {
        var quizId = await AddCourseMaterialAsync();
        using var officer = _learning.Client(ComplianceHost.Person("officer", Roles.Admin));
        (await officer.PostAsJsonAsync("/api/compliance/assignments", new
        {
            title = "Warehouse safety 2026", lectureId = StandInStack.LectureId, quizId, targetType = "department", targetValue = "warehouse",
            dueAt = DateTimeOffset.UtcNow.AddDays(10), retrainingDays = 365, requiredWatchShare = 0.9,
        })).EnsureSuccessStatusCode();
    }

    private async Task<Guid> AddCourseMaterialAsync()
    {
        await using var scope = _learning.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        db.Lectures.Add(new LearningLecture { Id = StandInStack.LectureId, Title = StandInStack.LectureTitle, Language = "en", Duration = 12, IndexedAt = DateTime.UtcNow });
        var quiz = new Quiz
        {
            Id = Guid.NewGuid(), LectureId = StandInStack.LectureId, Title = "Safety check", Language = "en", Status = QuizStatus.Published, CreatedBy = "officer",
            CreatedAt = DateTime.UtcNow, PublishedAt = DateTime.UtcNow, PublishedBy = "officer", PassScore = 0.7,
        };
        quiz.Items.Add(new QuizItem
        {
            Position = 0, Kind = ItemKind.MultipleChoice, Status = ItemStatus.Approved, Prompt = "In the loading bay always wear a ____.",
            Options = JsonSerializer.Serialize(new ItemOptions(Choices: ["baseball cap", "hard hat", "scarf"])), Answer = JsonSerializer.Serialize(new ItemAnswer(Choice: 1)),
            SentenceText = StandInStack.CitedPassage, Start = 3, End = 6.2, Writer = "rules",
        });
        db.Quizzes.Add(quiz);
        await db.SaveChangesAsync();
        return quiz.Id;
    }
}
