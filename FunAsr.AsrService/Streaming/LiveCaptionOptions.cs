using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Streaming;

/// <summary>Live captions over WebSocket (configuration section "Asr:Live").</summary>
public sealed class LiveCaptionOptions
{
    public const string SectionName = "Asr:Live";

    /// <summary>While an utterance is open it is re-decoded each time this much new audio has arrived.</summary>
    [Range(100, 10_000)]
    public int PartialIntervalMs { get; set; } = 600;

    /// <summary>Silence that closes an utterance (FunASR's max_end_silence_time).</summary>
    [Range(100, 5_000)]
    public int EndSilenceMs { get; set; } = 800;

    /// <summary>Audio kept before the first speech frame and after the last, so soft edges are decoded too.</summary>
    [Range(0, 1_000)]
    public int PaddingMs { get; set; } = 200;

    /// <summary>An utterance is finalised at this length even without a pause (the models' 30 s limit).</summary>
    [Range(1.0, 30.0)]
    public double MaxUtteranceSeconds { get; set; } = 30;

    /// <summary>Nothing quieter than this (dB relative to full scale) counts as speech.</summary>
    [Range(-120.0, 0.0)]
    public double SpeechFloorDbfs { get; set; } = -50;

    /// <summary>Speech must stand this far above the running noise floor.</summary>
    [Range(3.0, 60.0)]
    public double SpeechAboveNoiseDb { get; set; } = 15;

    /// <summary>At most this many live streams per replica; more are refused with close code 1013.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentStreams { get; set; } = 16;

    /// <summary>A stream that sends nothing for this long is closed.</summary>
    [Range(1, 3_600)]
    public int IdleTimeoutSeconds { get; set; } = 30;

    /// <summary>Audio received but not yet transcribed may not exceed this; a client sending faster is disconnected.</summary>
    [Range(1.0, 600.0)]
    public double MaxBacklogSeconds { get; set; } = 60;

    /// <summary>A client that does not read its captions for this long is disconnected.</summary>
    [Range(1, 300)]
    public int SendTimeoutSeconds { get; set; } = 10;

    /// <summary>Largest single WebSocket message accepted (bytes).</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
}
