using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Vad;

/// <summary>Voice-activity segmentation settings (configuration section "Asr:Vad").</summary>
public sealed class VadOptions
{
    public const string SectionName = "Asr:Vad";

    /// <summary>No segment is longer than this; longer speech is cut at its quietest point.</summary>
    [Range(1.0, 600.0)]
    public double MaxSegmentSeconds { get; set; } = 30;

    /// <summary>ONNX Runtime intra-op threads for the VAD models (they run one frame window at a time).</summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Energy segmenter: speech is kept this far beyond its detected edges, so soft onsets and tails survive.</summary>
    [Range(0, 2000)]
    public int EnergyPaddingMs { get; set; } = 200;

    /// <summary>Energy segmenter: pauses shorter than this stay inside one segment.</summary>
    [Range(0, 5000)]
    public int EnergyMinSilenceMs { get; set; } = 300;

    /// <summary>Energy segmenter: nothing quieter than this (dB relative to full scale) counts as speech.</summary>
    [Range(-120.0, 0.0)]
    public double EnergyFloorDbfs { get; set; } = -50;

    /// <summary>FSMN-VAD: a frame is speech when P(speech) >= P(silence) + this margin.</summary>
    [Range(0.0, 1.0)]
    public double FsmnSpeechNoiseThreshold { get; set; } = 0.6;

    /// <summary>FSMN-VAD: silence shorter than this does not end a segment (FunASR max_end_silence_time).</summary>
    [Range(0, 10000)]
    public int FsmnMaxEndSilenceMs { get; set; } = 800;

    /// <summary>
    /// Which VAD runs: empty = discover (the model folder, then VAD models fetched into <c>models/</c>, then the bundled
    /// Silero v5.1.2); "energy" = the energy segmenter; otherwise a Silero .onnx file, an FSMN-VAD folder (model.onnx
    /// + am.mvn) or a folder holding either. Relative paths are looked up from the content root upwards.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Silero VAD: speech starts above this probability and ends below it minus 0.15 (sherpa-onnx threshold).</summary>
    [Range(0.0, 1.0)]
    public double SileroThreshold { get; set; } = 0.5;

    /// <summary>Silero VAD: silence this long ends a segment (sherpa-onnx min_silence_duration).</summary>
    [Range(0, 10000)]
    public int SileroMinSilenceMs { get; set; } = 500;

    /// <summary>Silero VAD: speech shorter than this does not start a segment (sherpa-onnx min_speech_duration).</summary>
    [Range(0, 10000)]
    public int SileroMinSpeechMs { get; set; } = 250;

    public int MaxSegmentSamples => (int)Math.Round(MaxSegmentSeconds * VadAudio.SampleRate);
}

internal static class VadAudio
{
    public const int SampleRate = 16000;

    public const int SamplesPerMs = SampleRate / 1000;
}
