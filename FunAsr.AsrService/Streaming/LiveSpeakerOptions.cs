using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Streaming;

/// <summary>
/// Speakers in live captions (configuration section "Asr:Live:Speakers"), used only by streams that ask for them
/// (<c>diarize=true</c>). Each final utterance is embedded and given to the nearest of the stream's speakers, or opens
/// a new one (<see cref="LiveSpeakerTracker"/>).
/// </summary>
public sealed class LiveSpeakerOptions
{
    public const string SectionName = "Asr:Live:Speakers";

    /// <summary>
    /// Largest cosine distance (1 − cos) between an utterance and a speaker's centroid at which the utterance is that
    /// speaker's. Unset: <c>Asr:Diarization:ClusteringThreshold</c>, the offline clustering's cut.
    /// </summary>
    [Range(0.01, 2.0)]
    public double? Threshold { get; set; }

    /// <summary>Speakers one stream may open; past it an utterance goes to the nearest speaker however far.</summary>
    [Range(1, 26)]
    public int MaxSpeakers { get; set; } = 8;

    /// <summary>Utterances shorter than this (seconds of audio, padding included) are not embedded and carry no speaker.</summary>
    [Range(0.3, 10.0)]
    public double MinUtteranceSeconds { get; set; } = 1.0;
}
