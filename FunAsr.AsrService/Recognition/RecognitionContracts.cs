using FunAsr.AsrService.Vad;

namespace FunAsr.AsrService.Recognition;

/// <summary>
/// Mono audio at the engine's sample rate (16 kHz), samples in [-1, 1], and the speech segments in it the
/// transcription pipeline cut (none: the whole clip is one segment). Recognisers never cut audio themselves.
/// </summary>
public sealed record AudioClip(float[] Samples, int SampleRate = AudioClip.EngineSampleRate)
{
    public const int EngineSampleRate = 16_000;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    /// <summary>Stretches of <see cref="Samples"/> to recognise, each as a whole and in order; null means the whole clip.</summary>
    public IReadOnlyList<SpeechSpan>? Segments { get; init; }

    /// <summary>The segments to recognise, checked against the samples; empty for an empty clip.</summary>
    public IReadOnlyList<SpeechSpan> SegmentSpans()
    {
        if (Segments is null)
        {
            return Samples.Length == 0 ? [] : [new SpeechSpan(0, Samples.Length)];
        }
        foreach (var span in Segments)
        {
            if (span.StartSample < 0 || span.EndSample > Samples.Length || span.Length <= 0)
            {
                throw new ArgumentException($"Segment [{span.StartSample}, {span.EndSample}) lies outside the {Samples.Length} samples of the clip.");
            }
        }
        return Segments;
    }
}

/// <summary>What a caller asks of one recognition.</summary>
public sealed record RecognitionOptions
{
    /// <summary>"auto" or an ISO-639-1 code the model supports (zh, en, yue, ja, ko, ...).</summary>
    public string Language { get; init; } = "auto";

    /// <summary>Inverse text normalisation (numbers, punctuation) where the model supports it.</summary>
    public bool Itn { get; init; } = true;

    public bool Timestamps { get; init; } = true;

    /// <summary>Hotwords, used by models that take a prompt (Fun-ASR-Nano LLM); ignored by CTC models.</summary>
    public IReadOnlyList<string> Hotwords { get; init; } = [];
}

/// <summary>A decoded token (a SentencePiece piece, or the character several byte pieces spell), times in seconds.</summary>
public sealed record RecognizedToken(string Text, double Start, double End)
{
    /// <summary>The piece began a new word ('▁'); consecutive tokens without it belong to the same word ("▁caf" + "é").</summary>
    public bool StartsWord { get; init; }
}

public sealed record RecognizedSegment(
    double Start,
    double End,
    string Text,
    string RichText,
    string? Language,
    string? Emotion,
    string? Event,
    IReadOnlyList<RecognizedToken> Tokens);

/// <summary>Wall-clock time spent in each stage, for telemetry and benchmarks.</summary>
public sealed record StageTimings(TimeSpan Vad, TimeSpan Features, TimeSpan Inference, TimeSpan Decoding)
{
    public static readonly StageTimings Zero = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Total => Vad + Features + Inference + Decoding;
}

/// <summary>
/// The engine's answer. <see cref="Text"/> is the clean form; <see cref="RichText"/> keeps the
/// SenseVoice tags (&lt;|zh|&gt;&lt;|NEUTRAL|&gt;&lt;|Speech|&gt;...).
/// </summary>
public sealed record RecognitionResult(
    string Text,
    string RichText,
    string Language,
    string? Emotion,
    string? Event,
    IReadOnlyList<RecognizedSegment> Segments,
    double DurationSeconds,
    StageTimings Timings);

/// <summary>Facts about the loaded model that the API layer lists and validates against.</summary>
public sealed record ModelDescriptor(string Id, string Family, IReadOnlyList<string> Languages, bool SupportsHotwords, string Path);

/// <summary>The engine's public face: thread-safe and cancellable.</summary>
public interface ISpeechRecognizer
{
    ModelDescriptor Model { get; }

    /// <summary>
    /// Recognises the clip's segments (<see cref="AudioClip.Segments"/>) in one request, so a batching engine can run them
    /// together and a full queue refuses them together. One result segment per segment that held speech, times from the
    /// start of the clip.
    /// </summary>
    Task<RecognitionResult> RecognizeAsync(AudioClip audio, RecognitionOptions options, CancellationToken cancellationToken);
}
