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
    /// The chance of answering right (the answer model's confidence) below which the extractive answer is "not found".
    /// Unset: the threshold the fitting script chose on the tuning and development questions (answer-model.json).
    /// </summary>
    [Range(0.0, 1.0)] public double? MinAnswerConfidence { get; set; }
    [Range(1, 200)] public int RrfK { get; set; } = 60;

    /// <summary>Weight of CJK character-pair matches next to word matches in BM25 retrieval.</summary>
    [Range(0.0, 2.0)] public double GramBoost { get; set; } = 0.3;

    [Required] public AnswerScoringOptions Answer { get; set; } = new();
}

/// <summary>
/// How embeddings enter extractive answers. Everything else about scoring a window is the fitted answer model
/// (Answering/answer-model.json, docs/qabot.md).
/// </summary>
public sealed class AnswerScoringOptions
{
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

    /// <summary>The least role shown the clear text a redacted lecture keeps (employee, content or admin); each view is audited.</summary>
    [Required] public string ClearTextRole { get; set; } = FunAsr.Security.Authorization.Roles.Admin;

    /// <summary>The stream of clear-text views (<see cref="FunAsr.Messaging.ComplianceChannels.AccessStream"/>) is capped (approximately) at this many entries.</summary>
    [Range(100, 10_000_000)] public int AccessStreamMaxLength { get; set; } = 100_000;
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
