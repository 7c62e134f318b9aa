using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using FunAsr.AsrService.Telemetry;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Diarization;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Speakers;
using Xunit.Abstractions;

namespace FunAsr.Tests.Streaming;

/// <summary>
/// Live captions with speakers over the real socket, on the ASR service diarizing with the known-answer test doubles
/// (which tell only the synthetic voices apart: this shows the online assignment is right, not how well a real model
/// tells people apart).
/// </summary>
public sealed class LiveSpeakerSocketTests(DiarizingService service, ITestOutputHelper output) : IClassFixture<DiarizingService>
{
    private static readonly string[] PlainFinalProperties = ["end", "language", "start", "text", "type", "words"];

    [Theory]
    [InlineData(2, 8, 11, true)]
    [InlineData(3, 9, 23, false)]
    [InlineData(4, 10, 31, false)]
    public async Task A_conversation_streamed_with_diarize_labels_each_voice_consistently_and_the_saved_transcript_keeps_the_speakers(
        int voices, int turns, int seed, bool inAddress)
    {
        var meeting = LiveConversation.Build(voices, turns, seed);
        using var metrics = new MetricRecorder(service.Host.MeterFactory);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AsrTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.OperationName == "asr.live.speaker") spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);
        using var socket = await LiveSocket.ConnectWhenReadyAsync(service.Host, pathAndQuery: inAddress ? "/api/asr/stream?diarize=true" : "/api/asr/stream");
        object start = inAddress ? new { type = "start", format = "pcm_s16le" } : new { type = "start", format = "pcm_s16le", diarize = true };
        var messages = await LiveConversation.StreamAsync(socket, meeting, start, new { type = "stop", save = true, title = "Stand-up" });

        Assert.True(messages[0].GetProperty("speakers").GetBoolean());
        var finals = LiveConversation.Finals(messages);
        var (agreement, mapping) = LiveConversation.Agreement(meeting, finals);
        output.WriteLine($"{voices} voices, {turns} turns: {finals.Count} finals, speakers {string.Join(" ", finals.Select(f => f.TryGetProperty("speaker", out var s) ? s.GetString() : "-"))}, agreement {agreement:P1}");
        Assert.InRange(finals.Count, turns - 1, turns);
        Assert.True(agreement >= 0.9, $"agreement {agreement:P1}");
        Assert.Equal(voices, mapping.Count);
        Assert.Equal(Enumerable.Range(0, voices).Select(i => ((char)('A' + i)).ToString()), mapping.Keys.Order());
        Assert.All(messages.Where(m => m.GetProperty("type").GetString() == "partial"), p => Assert.False(p.TryGetProperty("speaker", out _)));
        Assert.All(finals, f => Assert.False(f.TryGetProperty("speakerName", out _)));
        // One span and one duration per embedded utterance; each speaker opened once.
        Assert.Equal(voices, metrics.Sum("asr.live.speakers"));
        Assert.True(metrics.Values("asr.live.speaker_embedding").Count >= finals.Count);
        Assert.True(spans.Count(s => (double)s.GetTagItem("asr.audio.duration")! >= 1.0) >= finals.Count);

        // The saved lecture has the speakers as a diarized upload does, their voiceprints kept for naming later.
        var lectureId = messages.Single(m => m.GetProperty("type").GetString() == "saved").GetProperty("lectureId").GetString();
        await using var connection = await service.Redis.ConnectAsync();
        var database = connection.GetDatabase();
        var entry = (await database.StreamRangeAsync("transcripts")).Single(e => e["lectureId"].ToString() == lectureId);
        using var payload = JsonDocument.Parse(entry["payload"].ToString());
        var speakers = payload.RootElement.GetProperty("speakers").EnumerateArray().ToList();
        Assert.Equal(mapping.Keys.Order(), speakers.Select(s => s.GetProperty("id").GetString()));
        Assert.All(speakers, s => Assert.True(s.GetProperty("speechSeconds").GetDouble() > 1));
        foreach (var speaker in speakers)
        {
            Assert.True(await database.KeyExistsAsync($"asr:voiceprint:{speaker.GetProperty("voiceprint").GetString()}"));
        }
        // Each segment (a final may be cut into sentence-sized ones) has the speaker of the final it came from.
        var segments = payload.RootElement.GetProperty("segments").EnumerateArray().ToList();
        Assert.True(segments.Count >= finals.Count);
        foreach (var segment in segments)
        {
            var middle = (segment.GetProperty("start").GetDouble() + segment.GetProperty("end").GetDouble()) / 2;
            var final = finals.Single(f => f.GetProperty("start").GetDouble() <= middle && middle <= f.GetProperty("end").GetDouble());
            Assert.Equal(final.GetProperty("speaker").GetString(), segment.GetProperty("speaker").GetString());
        }
    }

    [Fact]
    public async Task A_named_voice_of_the_tenant_is_named_in_the_live_captions()
    {
        // A 2-10 s clip of voice 1 alone, named in the caller's library.
        var clip = WavWriter.Encode([.. SyntheticMeeting.Utterance(1, "the budget review is on friday"), .. new float[4000], .. SyntheticMeeting.Utterance(1, "I will send the minutes tonight")]);
        using var form = new MultipartFormDataContent { { new StringContent("Bob"), "name" }, { new ByteArrayContent(clip), "file", "bob.wav" } };
        using var named = await service.Client.PostAsync("/api/asr/voices", form);
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        var voiceId = JsonDocument.Parse(await named.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        try
        {
            var meeting = LiveConversation.Build(2, 6, 5);
            using var socket = await LiveSocket.ConnectWhenReadyAsync(service.Host, pathAndQuery: "/api/asr/stream?diarize=true");
            var finals = LiveConversation.Finals(await LiveConversation.StreamAsync(socket, meeting, new { type = "start" }, new { type = "stop" }));

            Assert.True(finals.Count >= 5);
            var bob = SyntheticMeeting.VoiceName(1);
            var expected = finals.Select(f => (string?)(LiveConversation.VoiceOf(meeting, f) == bob ? "Bob" : "-")).ToList();
            var names = finals.Select(f => f.TryGetProperty("speakerName", out var n) ? n.GetString() : "-").ToList();
            output.WriteLine($"expected {string.Join(" ", expected)}; named {string.Join(" ", names)}");
            Assert.Equal(expected, names);
        }
        finally
        {
            await service.Client.DeleteAsync($"/api/asr/voices/{voiceId}");
        }
    }

    [Fact]
    public async Task Without_diarize_the_messages_are_unchanged_even_where_speakers_could_be_told()
    {
        var meeting = LiveConversation.Build(2, 2, 7);
        using var socket = await LiveSocket.ConnectWhenReadyAsync(service.Host);
        var messages = await LiveConversation.StreamAsync(socket, meeting, new { type = "start" }, new { type = "stop" }, speed: 8);

        Assert.False(messages[0].TryGetProperty("speakers", out _));
        var finals = LiveConversation.Finals(messages);
        Assert.NotEmpty(finals);
        Assert.All(finals, f => Assert.Equal(PlainFinalProperties, f.EnumerateObject().Select(p => p.Name).Order()));
    }
}

/// <summary>A replica without diarization models refuses a stream that asks for speakers, saying why, instead of ignoring it.</summary>
public sealed class LiveSpeakersUnavailableTests(LiveCaptionServiceFactory factory) : IClassFixture<LiveCaptionServiceFactory>
{
    [Fact]
    public async Task Diarize_in_the_start_message_is_an_error_naming_the_models_and_in_the_address_a_400_before_the_upgrade()
    {
        using var socket = await LiveSocket.ConnectWhenReadyAsync(factory);
        await LiveSocket.SendJsonAsync(socket, new { type = "start", diarize = true });
        var messages = await LiveSocket.ReceiveUntilCloseAsync(socket);

        var error = Assert.Single(messages);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("diarization_unavailable", error.GetProperty("code").GetString());
        Assert.Contains("models/fetch sherpa-onnx-pyannote-segmentation-3-0", error.GetProperty("message").GetString());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, socket.CloseStatus);
        Assert.Equal("diarization_unavailable", socket.CloseStatusDescription);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => LiveSocket.ConnectWhenReadyAsync(factory, pathAndQuery: "/api/asr/stream?diarize=true"));
        Assert.Contains("400", refused.Message);
    }
}
