using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Speaker diarization (configuration section <c>Asr:Diarization</c>). The defaults are sherpa-onnx's pyannote
/// pipeline: 10 s windows every 1 s, complete-linkage clustering cut at cosine distance 0.5, gaps of at most 0.5 s
/// merged and turns of at most 0.3 s dropped.
/// </summary>
public sealed class DiarizationOptions
{
    public const string Section = "Asr:Diarization";

    /// <summary>
    /// A pyannote segmentation-3.0 export: its folder (model.onnx / model.int8.onnx) or the .onnx file. Unset: the first
    /// segmentation model of models/manifest.json fetched into models/ (<see cref="DiarizationModels"/>).
    /// </summary>
    public string? SegmentationModelPath { get; set; }

    /// <summary>
    /// A 3D-Speaker, WeSpeaker or NeMo speaker-embedding export: a folder holding one .onnx, or the file. Unset: the first
    /// embedding model of models/manifest.json fetched into models/.
    /// </summary>
    public string? EmbeddingModelPath { get; set; }

    /// <summary>Use model.int8.onnx when the segmentation folder has both.</summary>
    public bool PreferQuantized { get; set; }

    /// <summary>Front-end settings per embedding model: "sherpa" (sherpa-onnx's, the default) or "upstream" (the training recipe's).</summary>
    [RegularExpression("^(?i)(sherpa|upstream)$", ErrorMessage = "FeaturePreset must be sherpa or upstream")]
    public string FeaturePreset { get; set; } = "sherpa";

    /// <summary>Largest cosine distance (1 − cos) at which two clusters still merge when the speaker count is not given.</summary>
    [Range(0.01, 2.0)]
    public double ClusteringThreshold { get; set; } = 0.5;

    /// <summary>Window shift as a fraction of the segmentation window (0.1: one 10 s window every second).</summary>
    [Range(0.05, 1.0)]
    public double WindowShiftRatio { get; set; } = 0.1;

    /// <summary>Turns of this length or shorter are dropped.</summary>
    [Range(0.0, 10.0)]
    public double MinDurationOnSeconds { get; set; } = 0.3;

    /// <summary>Gaps of this length or shorter between two turns of one speaker are closed.</summary>
    [Range(0.0, 10.0)]
    public double MinDurationOffSeconds { get; set; } = 0.5;

    /// <summary>Windows the segmentation model gets per ONNX Runtime run.</summary>
    [Range(1, 64)]
    public int SegmentationBatchSize { get; set; } = 4;

    /// <summary>
    /// Above this many chunk embeddings, clustering runs per block of this size first and then over the block
    /// centroids, so the distance matrix (4 bytes per pair) stays bounded; below it, it is exact.
    /// </summary>
    [Range(64, 20000)]
    public int MaxExactClusteringEmbeddings { get; set; } = 5000;

    /// <summary>The most speakers a request may ask for (num_speakers / max_speakers).</summary>
    [Range(1, 100)]
    public int MaxSpeakers { get; set; } = 32;

    /// <summary>
    /// Smallest cosine similarity at which a found speaker takes the name of a known voice (a request's reference clip
    /// or the tenant's library), matched one to one; below it the speaker keeps its letter. sherpa-onnx's speaker
    /// identification examples use 0.5–0.6.
    /// </summary>
    [Range(0.0, 1.0)]
    public double VoiceMatchThreshold { get; set; } = 0.6;

    /// <summary>
    /// How long an unnamed speaker's voiceprint is kept after the transcript that found it, so a content user can still
    /// name it; named voices are kept until deleted.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan VoiceprintRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Named voices a tenant may keep.</summary>
    [Range(1, 100_000)]
    public int MaxVoicesPerTenant { get; set; } = 500;

    /// <summary>Voice samples kept per named voice (the newest); a speaker matches a voice by its closest sample.</summary>
    [Range(1, 64)]
    public int MaxSamplesPerVoice { get; set; } = 8;

    /// <summary>Reference clips (known_speaker_references[]) one request may give; OpenAI allows 4.</summary>
    [Range(1, 32)]
    public int MaxKnownSpeakers { get; set; } = 8;

    /// <summary>Recordings diarized at once on a replica; more wait their turn (each runs on its own thread).</summary>
    [Range(1, 64)]
    public int MaxConcurrentRecordings { get; set; } = 2;
}
