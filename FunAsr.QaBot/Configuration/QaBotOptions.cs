using System.ComponentModel.DataAnnotations;

namespace FunAsr.QaBot.Configuration;

/// <summary>Everything under the <c>QaBot</c> configuration section.</summary>
public sealed class QaBotOptions
{
    public const string Section = "QaBot";

    [Required]
    public IngestOptions Ingest { get; set; } = new();

    [Required]
    public RetrievalOptions Retrieval { get; set; } = new();

    [Required]
    public ModelEndpointOptions Chat { get; set; } = new();

    [Required]
    public ModelEndpointOptions Embeddings { get; set; } = new();

    [Required]
    public ComplianceOptions Compliance { get; set; } = new();

    [Required]
    public AsrClientOptions Asr { get; set; } = new();
}

public sealed class IngestOptions
{
    [Required] public string StreamName { get; set; } = "transcripts";
    [Required] public string ConsumerGroup { get; set; } = "qabot";

    /// <summary>Defaults to machine name and process id, so a restarted process reclaims its predecessor's entries.</summary>
    public string? ConsumerName { get; set; }

    [Range(1, 1000)] public int BatchSize { get; set; } = 16;
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries pending this long on another consumer are treated as abandoned (crashed replica) and reclaimed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan ClaimMinIdle { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")] public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);
    public bool Enabled { get; set; } = true;
}

public sealed class RetrievalOptions
{
    /// <summary>Passage size budget in units: one per CJK character, one per three Latin characters.</summary>
    [Range(20, 2000)] public int MaxPassageUnits { get; set; } = 110;
    [Range(1, 50)] public int TopPassages { get; set; } = 6;

    /// <summary>
    /// Confidence (share of the question's known term weight the best sentence window covers, lowered by the question's
    /// terms no lecture has) below which the extractive answer is "not found". Chosen on the tuning questions (docs/qabot.md).
    /// </summary>
    [Range(0.0, 1.0)] public double MinAnswerConfidence { get; set; } = 0.41;
    [Range(1, 200)] public int RrfK { get; set; } = 60;

    /// <summary>Weight of CJK character-pair matches next to word matches in BM25 retrieval.</summary>
    [Range(0.0, 2.0)] public double GramBoost { get; set; } = 0.3;

    [Required] public AnswerScoringOptions Answer { get; set; } = new();
}

/// <summary>How extractive answers (sentence windows) are scored; defaults chosen on the tuning questions (docs/qabot.md).</summary>
public sealed class AnswerScoringOptions
{
    /// <summary>What each sentence beyond the first costs: a longer window wins only if it covers clearly more of the question.</summary>
    [Range(0.0, 1.0)] public double LengthPenalty { get; set; } = 0.15;

    /// <summary>Weight of the retriever's rank of the window's passage next to coverage.</summary>
    [Range(0.0, 2.0)] public double PassageWeight { get; set; } = 0.25;

    /// <summary>Bonus for a window that holds the kind of answer the question asks for (a quantity in the asked unit, a date).</summary>
    [Range(0.0, 1.0)] public double AnswerKindBonus { get; set; } = 0.12;

    /// <summary>How much the question's ideas no lecture mentions lower confidence: confidence = coverage × known share ^ this.</summary>
    [Range(0.0, 4.0)] public double UnknownTermPenalty { get; set; } = 1.0;

    /// <summary>
    /// Confidence kept by a window that lacks the kind of answer asked for: a number for "how many", a quantity of time for
    /// "how long" (the sentence that names the topic but not the figure is not the answer).
    /// </summary>
    [Range(0.0, 1.0)] public double MissingAnswerKindFactor { get; set; } = 0.5;

    /// <summary>Share of confidence an idea earns when only a neighbour of the window's best sentence holds it.</summary>
    [Range(0.0, 1.0)] public double NeighbourShare { get; set; } = 0.5;

    /// <summary>With embeddings: weight of the window's cosine similarity to the question in its score.</summary>
    [Range(0.0, 4.0)] public double DenseWeight { get; set; } = 1.0;

    /// <summary>
    /// With embeddings: a window this similar to the question answers even when few of its words match (a paraphrase).
    /// Similarities depend on the model: 0.75 suits normalised bge-m3 vectors; calibrate for another model.
    /// </summary>
    [Range(0.0, 1.0)] public double MinSimilarity { get; set; } = 0.75;
}

public sealed class ModelEndpointOptions
{
    public string? Endpoint { get; set; }
    public string? Model { get; set; }
    public string? ApiKey { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}

public sealed class ComplianceOptions
{
    /// <summary>Terms whose mention raises an alert (e.g. confidential project names, insider-trading vocabulary).</summary>
    public List<string> SensitiveTerms { get; set; } = [];
    [Required] public string AlertStream { get; set; } = "alerts";
    [Range(100, 10_000_000)] public int AlertStreamMaxLength { get; set; } = 100_000;
}

public sealed class AsrClientOptions
{
    [Required] public Uri BaseAddress { get; set; } = new("http://asr");

    /// <summary>Time allowed for any spoken question, before its size is counted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time added for each megabyte of the recording.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")] public TimeSpan TimeoutPerMegabyte { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most any one transcription is allowed, however large.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
