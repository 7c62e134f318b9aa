using System.Net;
using FunAsr.AsrService.Transcription;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Browser;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FunAsr.Tests.Compliance;

/// <summary>Chromium whose fake microphone says "hello world the weather is nice today" in the known-answer model's tone words.</summary>
public sealed class ListedCustomerChromium : ChromiumBrowser
{
    public const string Sentence = "▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day";

    protected override byte[] FakeMicrophoneAudio()
    {
        var words = ToneWords.Synthesize(Sentence);
        var lead = new float[words.SampleRate / 2];
        var tail = new float[words.SampleRate * 3];
        return new ToneWordsAudio([.. lead, .. words.Samples, .. tail], words.SampleRate, [], words.ExpectedText).ToWav();
    }
}

/// <summary>
/// Live alerts in chromium through the real gateway, the real ASR service (known-answer model), the real compliance
/// service and one Redis: an officer lists a customer on the Compliance page; an employee's live captions say the
/// name; the employee's caption view says an alert was raised and the officer's inbox shows it, without a reload,
/// within 2 s.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LiveAlertPageTests(ListedCustomerChromium chromium) : IClassFixture<ListedCustomerChromium>, IAsyncLifetime
{
    private RedisServer _redis = null!;
    private AsrServiceHost _asr = null!;
    private ComplianceHost _compliance = null!;
    private GatewayHost _gateway = null!;
    private readonly List<IPage> _pages = [];

    private static string AddressOf(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _asr = new AsrServiceHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Asr:Compliance:TermListRefresh"] = "00:00:00.200",
        });
        _asr.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _asr.StartServer();
        var readiness = _asr.Services.GetRequiredService<ModelReadiness>();
        for (var i = 0; i < 600 && readiness.State != FunAsr.AsrService.Recognition.SpeechEngineState.Ready; i++)
        {
            await Task.Delay(50);
        }
        _compliance = new ComplianceHost(new Dictionary<string, string?>
        {
            ["InternalAuth:SigningKey"] = GatewayHost.SigningKey,
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Compliance:Live:TermListPublishInterval"] = "00:00:00.200",
        });
        _gateway = new GatewayHost([], null, new Dictionary<string, string?>
        {
            ["services:asr:http:0"] = AddressOf(_asr.Services),
            ["services:learning:http:0"] = _compliance.Address.ToString().TrimEnd('/'),
        });
        await _gateway.CreateAccountAsync("olivia.officer", "admin", "compliance");
        await _gateway.CreateAccountAsync("wang.employee", "employee", "sales");
    }

    public async Task DisposeAsync()
    {
        try
        {
            await chromium.CloseAsync(_pages);
        }
        finally
        {
            await _gateway.DisposeAsync();
            await _compliance.DisposeAsync();
            await _asr.DisposeAsync();
            await _redis.DisposeAsync();
        }
    }

    private async Task<IPage> SignInAsync(string user)
    {
        var page = await chromium.NewPageAsync(_gateway.Address, "en-US", 1280, 1000);
        _pages.Add(page);
        await page.GotoAsync("/");
        await page.Locator("#user-name").FillAsync(user);
        await page.Locator("#password").FillAsync(GatewayHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(user);
        return page;
    }

    [Fact]
    public async Task A_listed_customer_said_in_live_captions_reaches_the_officers_inbox_within_two_seconds()
    {
        var officer = await SignInAsync("olivia.officer");
        await officer.GetByRole(AriaRole.Link, new() { Name = "Compliance" }).ClickAsync();
        await Assertions.Expect(officer.Locator("#compliance-live")).ToHaveTextAsync("Live");
        await officer.Locator("#compliance-term").FillAsync("Hello World");
        await officer.Locator("#compliance-term-form button[type=submit]").ClickAsync();
        await Assertions.Expect(officer.Locator("#compliance-term-rows tr")).ToHaveCountAsync(1);
        // The list reaches the speech service through Redis within its refresh time.
        var terms = _asr.Services.GetRequiredService<FunAsr.AsrService.Compliance.SharedTermSource>();
        for (var i = 0; i < 100 && !terms.Current.Terms.Any(t => t.Term == "Hello World"); i++)
        {
            await Task.Delay(100);
        }
        Assert.Contains(terms.Current.Terms, t => t.Term == "Hello World");

        var employee = await SignInAsync("wang.employee");
        await employee.GetByRole(AriaRole.Link, new() { Name = "Live" }).ClickAsync();
        await employee.GetByRole(AriaRole.Button, new() { Name = "Start live captions" }).ClickAsync();
        await Assertions.Expect(employee.Locator("#live-finals .line .text").Filter(new() { HasText = "the weather is nice today" }).First)
            .ToBeVisibleAsync(new() { Timeout = 60_000 });
        var alert = employee.Locator("#live-finals .live-alert");
        await Assertions.Expect(alert.First).ToContainTextAsync("Sensitive information heard (customer name", new() { Timeout = 2_000 });

        // Within 2 s of the caption's alert, the officer's open inbox has it: no reload.
        var row = officer.Locator("#compliance-inbox-rows tr[data-kind=customer]");
        await Assertions.Expect(row.First).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Assertions.Expect(row.First).ToContainTextAsync("wang.employee");
        await employee.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await ChromiumBrowser.ScreenshotAsync(officer, "compliance-live-inbox");
        await ChromiumBrowser.ScreenshotAsync(employee, "compliance-live-alert");
    }
}
