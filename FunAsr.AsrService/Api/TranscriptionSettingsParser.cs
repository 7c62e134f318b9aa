using System.Globalization;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api;

/// <summary>Validates the form values every transcription endpoint shares against the loaded model.</summary>
public sealed class TranscriptionSettingsParser(IOptions<AsrApiOptions> options, DiarizationEngine diarization)
{
    private static readonly char[] HotwordSeparators = [',', '，', ';', '；', '、', '\n', '\r', '\t', ' '];

    public IReadOnlyList<string> ValidModels(ModelDescriptor model) =>
        [.. new[] { model.Id }.Concat(options.Value.ModelAliases).Concat(DiarizeAliases).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Whether a model name asks for diarization too (gpt-4o-transcribe-diarize).</summary>
    public bool ImpliesDiarization(string? requestedModel) =>
        Value(requestedModel) is { } name && options.Value.DiarizeModelAliases.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);

    private IEnumerable<string> DiarizeAliases => diarization.State == DiarizationState.NotConfigured ? [] : options.Value.DiarizeModelAliases;

    public static IReadOnlyList<string> ValidLanguages(ModelDescriptor model) =>
        ["auto", .. model.Languages.Where(l => l != "auto")];

    /// <param name="prompt">OpenAI's prompt: hotwords separated by commas or spaces.</param>
    /// <param name="redact">What to mask (<c>pii|pci|numbers|terms</c>), and <paramref name="redactMask"/> the character to mask with.</param>
    public TranscriptionSettings Parse(
        ModelDescriptor model, string? requestedModel, string? language, string? itn, string? prompt = null, IEnumerable<string>? hotwords = null,
        IEnumerable<string?>? redact = null, string? redactMask = null, string? redactAudio = null)
    {
        var (redactClasses, mask) = RedactionRequests.Parse(redact, redactMask);
        var silence = Bool(redactAudio, "redact_audio", false);
        if (silence && redactClasses is null)
        {
            throw AsrException.Invalid("invalid_value", "'redact_audio' needs 'redact' to say what to silence (pii, pci, numbers, terms).", "redact_audio");
        }
        requestedModel = Value(requestedModel);
        var valid = ValidModels(model);
        if (requestedModel is not null && ImpliesDiarization(requestedModel))
        {
            // Asking for the diarizing model where none can run is a clear "cannot diarize", not "unknown model".
            _ = diarization.Diarizer;
        }
        if (requestedModel is not null && !valid.Contains(requestedModel, StringComparer.OrdinalIgnoreCase))
        {
            throw AsrException.Invalid("model_not_found", $"Unknown model '{requestedModel}'. Valid models: {string.Join(", ", valid)}.", "model");
        }

        var code = (Value(language) ?? "auto").Trim().ToLowerInvariant();
        if (code != "auto" && !model.Languages.Contains(code, StringComparer.OrdinalIgnoreCase))
        {
            throw AsrException.Invalid("unsupported_language",
                $"Unsupported language '{code}'. Valid values: {string.Join(", ", ValidLanguages(model))}.", "language");
        }

        var words = new List<string>();
        foreach (var text in new[] { Value(prompt) }.Concat(hotwords ?? []).OfType<string>())
        {
            words.AddRange(text.Split(HotwordSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return new TranscriptionSettings(model.Id, code, Bool(itn, "itn", true), model.SupportsHotwords ? [.. words.Distinct()] : [])
        {
            Redact = redactClasses,
            RedactMask = mask,
            RedactAudio = silence,
        };
    }

    /// <summary>Refuses a diarization request this replica cannot serve, before its upload is read further.</summary>
    public void CheckDiarization(DiarizationSettings? settings) => diarization.Check(settings);

    /// <summary>
    /// The diarization a request asks for: <c>diarize=true</c> (or a format that implies it), with pyannote's
    /// num/min/max speakers; null when it asks for none. Names come from <paramref name="tenant"/>'s library.
    /// </summary>
    public static DiarizationSettings? Diarization(bool diarize, string? numSpeakers, string? minSpeakers, string? maxSpeakers, string tenant)
    {
        var num = Count(numSpeakers, "num_speakers");
        var min = Count(minSpeakers, "min_speakers");
        var max = Count(maxSpeakers, "max_speakers");
        if (!diarize)
        {
            if ((num ?? min ?? max) is not null)
            {
                var given = num is not null ? "num_speakers" : min is not null ? "min_speakers" : "max_speakers";
                throw AsrException.Invalid("invalid_value", $"'{given}' only applies with diarize=true.", given);
            }
            return null;
        }
        return new DiarizationSettings(num, min, max, tenant);
    }

    private static int? Count(string? value, string name)
    {
        if (Value(value) is not { } raw)
        {
            return null;
        }
        return int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw AsrException.Invalid("invalid_value", $"'{name}' must be a whole number of speakers, got '{raw}'.", name);
    }

    /// <summary>Form clients send unset options as empty strings: those count as absent.</summary>
    public static string? Value(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static bool Bool(string? value, string name, bool fallback) => Value(value)?.Trim().ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        var other => throw AsrException.Invalid("invalid_value", $"'{name}' must be true or false, got '{other}'.", name),
    };

    public static double Temperature(string? value)
    {
        if (Value(value) is not { } raw)
        {
            return 0;
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var temperature) || temperature is < 0 or > 1)
        {
            throw AsrException.Invalid("invalid_value", $"'temperature' must be a number between 0 and 1, got '{raw}'.", "temperature");
        }
        return temperature;
    }
}
