using System.Globalization;
using FunAsr.AsrService.Recognition;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Transcription;

/// <summary>Validates the options shared by every transcription endpoint against the loaded model.</summary>
public sealed class TranscriptionSettingsParser(IOptions<AsrApiOptions> options)
{
    private static readonly char[] HotwordSeparators = [',', '，', ';', '；', '、', '\n', '\r', '\t', ' '];

    public IReadOnlyList<string> ValidModels(ModelDescriptor model) =>
        [.. new[] { model.Id }.Concat(options.Value.ModelAliases).Distinct(StringComparer.OrdinalIgnoreCase)];

    public static IReadOnlyList<string> ValidLanguages(ModelDescriptor model) =>
        ["auto", .. model.Languages.Where(l => l != "auto")];

    public TranscriptionSettings Parse(UploadForm form, ModelDescriptor model)
    {
        var requestedModel = form.Value("model");
        var valid = ValidModels(model);
        if (requestedModel is not null && !valid.Contains(requestedModel, StringComparer.OrdinalIgnoreCase))
        {
            throw ApiError.BadRequest("model_not_found",
                $"Unknown model '{requestedModel}'. Valid models: {string.Join(", ", valid)}.", "model");
        }

        var language = (form.Value("language") ?? "auto").Trim().ToLowerInvariant();
        if (language != "auto" && !model.Languages.Contains(language, StringComparer.OrdinalIgnoreCase))
        {
            throw ApiError.BadRequest("unsupported_language",
                $"Unsupported language '{language}'. Valid values: {string.Join(", ", ValidLanguages(model))}.", "language");
        }

        var hotwords = form.Value("prompt") is { } prompt
            ? prompt.Split(HotwordSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList()
            : [];
        if (form.Values("hotwords") is { Count: > 0 } explicitHotwords)
        {
            hotwords = [.. hotwords, .. explicitHotwords.SelectMany(h => h.Split(HotwordSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
        }

        return new TranscriptionSettings(model.Id, language, Bool(form, "itn", true), model.SupportsHotwords ? hotwords : []);
    }

    public static bool Bool(UploadForm form, string name, bool fallback) => form.Value(name)?.Trim().ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        var other => throw ApiError.BadRequest("invalid_value", $"'{name}' must be true or false, got '{other}'.", name),
    };

    public static double Temperature(UploadForm form)
    {
        var raw = form.Value("temperature");
        if (raw is null)
        {
            return 0;
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1)
        {
            throw ApiError.BadRequest("invalid_value", $"'temperature' must be a number between 0 and 1, got '{raw}'.", "temperature");
        }
        return value;
    }
}
