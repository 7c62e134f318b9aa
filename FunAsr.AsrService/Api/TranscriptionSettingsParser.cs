using System.Globalization;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api;

/// <summary>Validates the form values every transcription endpoint shares against the loaded model.</summary>
public sealed class TranscriptionSettingsParser(IOptions<AsrApiOptions> options)
{
    private static readonly char[] HotwordSeparators = [',', '，', ';', '；', '、', '\n', '\r', '\t', ' '];

    public IReadOnlyList<string> ValidModels(ModelDescriptor model) =>
        [.. new[] { model.Id }.Concat(options.Value.ModelAliases).Distinct(StringComparer.OrdinalIgnoreCase)];

    public static IReadOnlyList<string> ValidLanguages(ModelDescriptor model) =>
        ["auto", .. model.Languages.Where(l => l != "auto")];

    /// <param name="prompt">OpenAI's prompt: hotwords separated by commas or spaces.</param>
    public TranscriptionSettings Parse(
        ModelDescriptor model, string? requestedModel, string? language, string? itn, string? prompt = null, IEnumerable<string>? hotwords = null)
    {
        requestedModel = Value(requestedModel);
        var valid = ValidModels(model);
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
        return new TranscriptionSettings(model.Id, code, Bool(itn, "itn", true), model.SupportsHotwords ? [.. words.Distinct()] : []);
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
