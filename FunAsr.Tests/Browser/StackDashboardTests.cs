using System.Diagnostics;
using System.Net;
using FunAsr.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>The Aspire dashboard of the running stack in chromium: what a developer sees after <c>dotnet run</c>.</summary>
[Trait("Category", "Stack")]
[Trait("Category", "Browser")]
[Collection(StackCollection.Name)]
public sealed class StackDashboardTests(StackFixture stack, ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    [Fact]
    public async Task The_resources_page_lists_every_resource_running()
    {
        var page = await SignedInAsync();
        try
        {
            // A resource with one replica is listed by its name, each of several replicas by its own.
            var names = new[] { "cache", "qabot", "learning", "gateway" }.Concat(stack.ReplicasOf("asr").Select(r => r.ResourceId)).ToList();
            foreach (var name in names)
            {
                await Assertions.Expect(page.GetByText(name, new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            }
            await Assertions.Expect(page.GetByText("Running", new() { Exact = true }).Filter(new() { Visible = true })).ToHaveCountAsync(names.Count);
        }
        finally
        {
            // Kept whether or not the page met the assertions: it is what a developer would have seen.
            await ChromiumBrowser.ScreenshotAsync(page, "dashboard-resources");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_transcription_shows_as_one_trace_with_its_redis_and_engine_spans()
    {
        string traceId;
        using (var client = stack.CreateGatewayClient())
        {
            var words = ToneWords.Synthesize(ToneWordsChromium.Sentence);
            // A lead of silence no other stack test uses, so the result cache cannot answer and the engine runs.
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(WavWriter.Encode([.. new float[5600], .. words.Samples])) { Headers = { ContentType = new("audio/wav") } }, "file", "dashboard.wav" },
                { new StringContent("whisper-1"), "model" },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = form };
            using var trace = DashboardTelemetry.StartTrace();
            traceId = trace.TraceId.ToHexString();
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await DashboardTelemetry.WaitForTraceAsync(stack, traceId,
            spans => spans.Any(s => s.Scope.Contains("StackExchangeRedis")) && spans.Any(s => s.Name == "asr.decoding"), TimeSpan.FromSeconds(60));

        var page = await SignedInAsync();
        try
        {
            await page.GotoAsync($"/traces/detail/{traceId}");
            // The waterfall: the gateway's request, the replica's, its Redis lookup and the engine's stages.
            await Assertions.Expect(page.GetByText("POST /v1/audio/transcriptions", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByText("gateway", new() { Exact = true }).First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("DATA redis GET").First).ToBeVisibleAsync();
            foreach (var stage in new[] { "asr.decode", "asr.recognize", "asr.features", "asr.inference", "asr.decoding" })
            {
                await Assertions.Expect(page.GetByText(stage, new() { Exact = true })).ToBeVisibleAsync();
            }
        }
        finally
        {
            // Kept whether or not the page met the assertions: it is what a developer would have seen.
            await ChromiumBrowser.ScreenshotAsync(page, "dashboard-trace");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_real_time_factor_is_a_metric_of_the_asr_replicas()
    {
        using (var client = stack.CreateGatewayClient())
        {
            var words = ToneWords.Synthesize(ToneWordsChromium.Sentence);
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(WavWriter.Encode([.. new float[8000], .. words.Samples])) { Headers = { ContentType = new("audio/wav") } }, "file", "metrics.wav" },
                { new StringContent("whisper-1"), "model" },
            };
            using var response = await client.PostAsync("/v1/audio/transcriptions", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var page = await SignedInAsync();
        try
        {
            // The gateway sends the upload to either replica: the one that recognised it lists the real-time factor.
            var shown = new List<string>();
            var deadline = DateTime.UtcNow.AddSeconds(45);
            while (shown.Count == 0 && DateTime.UtcNow < deadline)
            {
                foreach (var replica in stack.ReplicasOf("asr").Select(r => r.ResourceId))
                {
                    await page.GotoAsync($"/metrics/resource/{replica}?meter=FunAsr.AsrService&instrument=asr.jobs.queue_depth");
                    // Every replica has the queue-depth gauge: once it is listed, the replica's instruments are on the page.
                    await Assertions.Expect(page.GetByText("asr.jobs.queue_depth").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
                    if (await page.GetByText("asr.real_time_factor").CountAsync() > 0)
                    {
                        shown.Add(replica);
                        break;
                    }
                }
            }
            Assert.NotEmpty(shown);
        }
        finally
        {
            // Kept whether or not the page met the assertions: it is what a developer would have seen.
            await ChromiumBrowser.ScreenshotAsync(page, "dashboard-metrics");
            await page.Context.CloseAsync();
        }
    }

    private async Task<IPage> SignedInAsync()
    {
        var page = await chromium.NewPageAsync(stack.DashboardUrl, "en-US", width: 1600, height: 1000);
        await page.GotoAsync(stack.DashboardLoginUrl.PathAndQuery);
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }
}
