using System.Net.WebSockets;
using FunAsr.AsrService.Recognition;
using FunAsr.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunAsr.Tests.Streaming;

public sealed class LiveBackPressureTests
{
    /// <summary>An engine that needs a second per decode: audio sent as fast as possible piles up behind it.</summary>
    private sealed class SlowRecognizer(ISpeechRecognizer inner) : ISpeechRecognizer
    {
        public ModelDescriptor Model => inner.Model;

        public async Task<RecognitionResult> RecognizeAsync(AudioClip audio, RecognitionOptions options, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return await inner.RecognizeAsync(audio, options, cancellationToken);
        }
    }

    [Fact]
    public async Task A_stream_opened_while_the_model_warms_up_is_a_503_to_retry()
    {
        await using var factory = new LiveCaptionServiceFactory().WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            var engine = services.Last(d => d.ServiceType == typeof(ISpeechRecognizer));
            services.Replace(ServiceDescriptor.Singleton<ISpeechRecognizer>(sp => new SlowRecognizer((ISpeechRecognizer)engine.ImplementationFactory!(sp))));
        }));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LiveSocket.SignedClient(factory).ConnectAsync(new Uri(factory.Server.BaseAddress, "/api/asr/stream"), CancellationToken.None));

        Assert.Contains("503", error.Message);
    }

    [Fact]
    public async Task A_client_sending_far_faster_than_real_time_is_told_and_disconnected()
    {
        await using var factory = new LiveCaptionServiceFactory().WithWebHostBuilder(web =>
        {
            web.UseSetting("Asr:Live:MaxBacklogSeconds", "2");
            web.UseSetting("Asr:Live:PartialIntervalMs", "200");
            web.ConfigureTestServices(services =>
            {
                var engine = services.Last(d => d.ServiceType == typeof(ISpeechRecognizer));
                services.Replace(ServiceDescriptor.Singleton<ISpeechRecognizer>(sp =>
                    new SlowRecognizer((ISpeechRecognizer)engine.ImplementationFactory!(sp))));
            });
        });
        var speech = ToneWords.Synthesize(string.Join(" | ", Enumerable.Repeat("今天 天气 很好 。", 8)));
        // Streams are refused (503) while the model warms up, which the slow recognizer makes take a second.
        using var socket = await LiveSocket.ConnectWhenReadyAsync(factory);
        await LiveSocket.SendJsonAsync(socket, new { type = "start" });

        var pcm = speech.ToWav()[44..];
        var sending = Task.Run(async () =>
        {
            try
            {
                foreach (var chunk in pcm.Chunk(3_200))
                {
                    await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
            {
                // The server closed the stream while audio was still going out: that is the behaviour under test.
            }
        });
        var messages = await LiveSocket.ReceiveUntilCloseAsync(socket);
        await sending;

        var error = messages.Last();
        Assert.Equal("too_fast", error.GetProperty("code").GetString());
        Assert.Contains("real-time", error.GetProperty("message").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }
}
