using System.Net;
using FunAsr.AsrService.Transcription;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Diarization;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Streaming;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>Chromium whose fake microphone plays a conversation of two stand-in voices (voice 0, voice 1, voice 0) with pauses.</summary>
public sealed class ConversationChromium : ChromiumBrowser
{
    protected override byte[] FakeMicrophoneAudio() => LiveConversation.Build(2, 3, 3).ToWav();
}

/// <summary>
/// Speakers on the Live page in chromium, through the real gateway to the real ASR service diarizing with the
/// known-answer test doubles: with "Identify speakers" ticked, each final line shows its speaker's chip and colour,
/// the transcript view's look.
/// </summary>
[Trait("Category", "Browser")]
public sealed class LiveSpeakerPageTests(ConversationChromium chromium) : IClassFixture<ConversationChromium>, IAsyncLifetime
{
    private AsrServiceHost _asr = null!;
    private GatewayHost _gateway = null!;
    private IPage? _page;

    public async Task InitializeAsync()
    {
        _asr = new AsrServiceHost(new Dictionary<string, string?>
        {
            ["Asr:Diarization:SegmentationModelPath"] = DiarizationFixtures.Segmentation,
            ["Asr:Diarization:EmbeddingModelPath"] = DiarizationFixtures.Embedding("3d-speaker"),
        });
        _asr.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _asr.StartServer();
        var readiness = _asr.Services.GetRequiredService<ModelReadiness>();
        for (var i = 0; i < 600 && readiness.State != FunAsr.AsrService.Recognition.SpeechEngineState.Ready; i++)
        {
            await Task.Delay(50);
        }
        var address = _asr.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _gateway = new GatewayHost([], null, new Dictionary<string, string?> { ["services:asr:http:0"] = address });
        await _gateway.CreateAccountAsync("li.lecturer", "employee", "training");
    }

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
            await _gateway.DisposeAsync();
            await _asr.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_identify_speakers_each_final_line_shows_its_speaker_in_the_transcript_views_colours()
    {
        var page = await OpenLivePageAsync();

        await page.GetByLabel("Identify speakers").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start live captions" }).ClickAsync();
        // The conversation is A, B, A: wait for the second voice's line and the first voice's return.
        var speakerB = page.Locator("#live-finals li.line .speaker[data-speaker=B]");
        await Assertions.Expect(speakerB.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#live-finals li.line .speaker[data-speaker=A]")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Identify speakers")).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Live captions ended.", new() { Timeout = 30_000 });

        var colours = await page.EvaluateAsync<string[]>(@"() => ['A', 'B'].map((id) =>
            document.querySelector(`#live-finals li.line.has-speaker .speaker[data-speaker=${id}]`).closest('li').style.getPropertyValue('--speaker-color'))");
        Assert.Equal(["#0072b2", "#d55e00"], colours);
        Assert.Equal(["A", "B"], (await page.Locator("#live-finals .speaker").AllTextContentsAsync()).Distinct().Order());
        await ChromiumBrowser.AssertAccessibleAsync(page);
        await ChromiumBrowser.ScreenshotAsync(page, "live-speakers");
    }

    [Fact]
    public async Task Mask_personal_data_asks_the_stream_to_redact_and_its_captions_still_arrive_through_the_gateway()
    {
        var page = await OpenLivePageAsync();

        await page.Locator("#view-live").GetByLabel("Mask personal data").CheckAsync();
        var socket = await page.RunAndWaitForWebSocketAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Start live captions" }).ClickAsync());
        Assert.EndsWith("/api/asr/stream?redact=pii", socket.Url);
        // The service took the option (a value it refuses closes the upgrade with 400): captions come back.
        await Assertions.Expect(page.Locator("#live-finals li.line").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#view-live").GetByLabel("Mask personal data")).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Live captions ended.", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#view-live").GetByLabel("Mask personal data")).ToBeEnabledAsync();
    }

    /// <summary>The Live page, signed in as the lecturer.</summary>
    private async Task<IPage> OpenLivePageAsync()
    {
        var page = _page = await chromium.NewPageAsync(_gateway.Address, "en-US", 1280, 1000);
        await page.GotoAsync("/");
        await page.Locator("#user-name").FillAsync("li.lecturer");
        await page.Locator("#password").FillAsync(GatewayHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Live" }).ClickAsync();
        return page;
    }
}
