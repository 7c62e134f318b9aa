using System.Diagnostics.Metrics;

using FunAsr.AsrService.Telemetry;

namespace FunAsr.AsrService.Streaming;

/// <summary>
/// Metrics of live captioning: open streams, refusals, captions sent, how long a final took to decode and, for streams
/// with speakers, the speakers opened and how long each utterance's embedding took.
/// </summary>
public sealed class LiveTelemetry
{
    private readonly UpDownCounter<long> _activeStreams;
    private readonly Counter<long> _streams;
    private readonly Counter<long> _partials;
    private readonly Histogram<double> _finalDecode;
    private readonly Counter<long> _speakers;
    private readonly Histogram<double> _speakerEmbedding;

    public LiveTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AsrTelemetry.Name);
        _activeStreams = meter.CreateUpDownCounter<long>("asr.live.active_streams", "{stream}", "Live caption streams open on this replica");
        _streams = meter.CreateCounter<long>("asr.live.streams", "{stream}", "Live caption streams by outcome");
        _partials = meter.CreateCounter<long>("asr.live.partials", "{caption}", "Partial captions sent");
        _finalDecode = meter.CreateHistogram<double>("asr.live.final_decode", "s", "Time from an utterance's end being detected to its final caption");
        _speakers = meter.CreateCounter<long>("asr.live.speakers", "{speaker}", "Speakers opened by live streams that tell speakers apart");
        _speakerEmbedding = meter.CreateHistogram<double>("asr.live.speaker_embedding", "s", "Time to embed one final utterance's voice");
    }

    public void Opened() => _activeStreams.Add(1);

    public void Closed(string outcome)
    {
        _activeStreams.Add(-1);
        _streams.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Refused() => _streams.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));

    public void Partial() => _partials.Add(1);

    public void Final(TimeSpan decode) => _finalDecode.Record(decode.TotalSeconds);

    public void SpeakerOpened() => _speakers.Add(1);

    public void SpeakerEmbedded(TimeSpan elapsed) => _speakerEmbedding.Record(elapsed.TotalSeconds);
}
