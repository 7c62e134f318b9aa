using System.Diagnostics;
using System.Diagnostics.Metrics;
using FunAsr.AsrService.Audio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.Audio;

public sealed class AudioDecodingSetupTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddAudioDecoding(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Options_are_bound_from_Asr_Audio()
    {
        using var provider = Build(new() { ["Asr:Audio:MaxDurationSeconds"] = "90", ["Asr:Audio:FfmpegPath"] = "/usr/bin" });

        var options = provider.GetRequiredService<IOptions<AudioOptions>>().Value;

        Assert.Equal(90, options.MaxDurationSeconds);
        Assert.Equal("/usr/bin", options.FfmpegPath);
    }

    [Theory]
    [InlineData("Asr:Audio:MaxDurationSeconds", "0")]
    [InlineData("Asr:Audio:MaxDurationSeconds", "-5")]
    [InlineData("Asr:Audio:FfmpegPath", "/no/such/ffmpeg")]
    public void Invalid_options_are_refused(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AudioOptions>>().Value);

        Assert.Contains(key.Split(':')[^1], error.Message);
    }

    [Fact]
    public async Task Each_decode_is_an_audio_decode_span_and_counted()
    {
        using var provider = Build([]);
        var factory = provider.GetRequiredService<IMeterFactory>();
        var decoder = provider.GetRequiredService<IAudioDecoder>();
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "FunAsr.AsrService",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) spans.Add(activity); },
        };
        ActivitySource.AddActivityListener(activities);
        var outcomes = new List<string>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "asr.audio.decodes") listener.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "outcome") lock (outcomes) outcomes.Add((string)tag.Value!);
        });
        meters.Start();
        var wav = WavFastPathTests.Wav16(8_000, 2, new short[8_000 * 2 * 3 / 4]);
        var marker = wav.Length;

        await decoder.DecodeAsync(wav);
        await Assert.ThrowsAsync<AudioDecodeException>(() => decoder.DecodeAsync([]));

        Activity span;
        lock (spans) span = spans.Single(s => s.OperationName == "audio.decode" && (long?)s.GetTagItem("audio.source_bytes") == marker);
        Assert.Equal("wav", span.GetTagItem("audio.format"));
        Assert.Equal("pcm_s16le", span.GetTagItem("audio.codec"));
        Assert.Equal(0.75, (double)span.GetTagItem("audio.duration_s")!, 1e-9);
        Assert.Equal(8_000, span.GetTagItem("audio.source_sample_rate"));
        Assert.Equal(2, span.GetTagItem("audio.source_channels"));
        lock (spans) Assert.Contains(spans, s => s.OperationName == "audio.decode" && (string?)s.GetTagItem("audio.failure") == "Empty" && s.Status == ActivityStatusCode.Error);
        Assert.Equal(["ok", "Empty"], outcomes);
    }
}
