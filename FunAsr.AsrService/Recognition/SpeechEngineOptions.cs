using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Recognition;

/// <summary>Which model the engine loads (configuration section <c>Asr:Model</c>).</summary>
public sealed class SpeechEngineOptions
{
    public const string KnownAnswerModelPath = "models/testing/known-answer";

    /// <summary>Model folder; a relative path is resolved against the content root, then each folder above it.</summary>
    [Required]
    public string Path { get; set; } = KnownAnswerModelPath;

    /// <summary>
    /// Loaded instead when <see cref="Path"/> is missing or holds no model the detector can place (the AppHost's
    /// fetch found no network): the known-answer test model, whose banner then tells the user how to install a real one.
    /// </summary>
    public string? FallbackPath { get; set; }

    /// <summary>The id clients name the model by; defaults to the folder name.</summary>
    public string? Id { get; set; }
}
