using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FunAsr.Tests.Infrastructure;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.AsrApi;

public sealed class TelemetryTests(KnownAnswerService service) : IClassFixture<KnownAnswerService>
{
    [Fact]
    public async Task A_request_produces_stage_spans_with_the_audio_duration_and_request_metrics()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "FunAsr.AsrService",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var metrics = new MetricRecorder(service.Host.MeterFactory);
        var audio = ToneWords.Synthesize("▁hello ▁world");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = Form(audio.ToWav()) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await service.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var names = spans.Select(s => s.OperationName).ToHashSet();
        foreach (var stage in new[] { "asr.decode", "asr.recognize" })
        {
            Assert.Contains(stage, names);
        }
        Assert.True(spans.Count(s => s.ParentSpanId != default) >= 4, $"spans: {string.Join(", ", names)}");
        var decode = spans.First(s => s.OperationName == "asr.decode");
        Assert.Equal(audio.DurationSeconds, (double)decode.GetTagItem("audio.duration_s")!, 3);
        Assert.Equal(audio.DurationSeconds, (double)spans.First(s => s.OperationName == "asr.recognize").GetTagItem("audio.duration_s")!, 3);

        Assert.Equal(audio.DurationSeconds, metrics.Sum("asr.transcribed.duration"), 3);
        Assert.Single(metrics.Values("asr.real_time_factor"));
        Assert.Equal(1, metrics.Sum("asr.requests"));
    }
}
