using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunAsr.AsrService.Audio;

/// <summary>The "audio.decode" span and the decoding metrics, under the service's source and meter name.</summary>
public sealed class AudioDecodeTelemetry
{
    public const string SourceName = "FunAsr.AsrService";

    internal static readonly ActivitySource Source = new(SourceName);

    private readonly Counter<long> _decodes;
    private readonly Histogram<double> _audioSeconds;
    private readonly Histogram<double> _decodeSeconds;

    public AudioDecodeTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SourceName);
        _decodes = meter.CreateCounter<long>("asr.audio.decodes", description: "Audio inputs decoded, by decoder and outcome (ok or the failure kind).");
        _audioSeconds = meter.CreateHistogram<double>("asr.audio.duration", unit: "s", description: "Duration of successfully decoded audio.");
        _decodeSeconds = meter.CreateHistogram<double>("asr.audio.decode.time", unit: "s", description: "Wall-clock time spent decoding one input.");
    }

    internal void Succeeded(AudioStreamSummary audio, TimeSpan elapsed)
    {
        var decoder = new KeyValuePair<string, object?>("decoder", DecoderTag(audio.DecodedBy));
        _decodes.Add(1, decoder, new("outcome", "ok"));
        _audioSeconds.Record(audio.Duration.TotalSeconds, decoder, new("format", audio.SourceFormat));
        _decodeSeconds.Record(elapsed.TotalSeconds, decoder);
    }

    internal void Failed(AudioDecoderKind? decodedBy, AudioDecodeFailure failure, TimeSpan elapsed)
    {
        var decoder = new KeyValuePair<string, object?>("decoder", decodedBy is { } kind ? DecoderTag(kind) : "none");
        _decodes.Add(1, decoder, new("outcome", failure.ToString()));
        _decodeSeconds.Record(elapsed.TotalSeconds, decoder);
    }

    internal static string DecoderTag(AudioDecoderKind kind) => kind == AudioDecoderKind.WavFastPath ? "wav" : "ffmpeg";
}
