namespace FunAsr.AsrService.Api.Transcription;

/// <summary>One uploaded file, held in memory (its size is bounded by <see cref="AsrApiOptions.MaxUploadBytes"/>).</summary>
public sealed record UploadedFile(string FileName, string? ContentType, byte[] Content);

/// <summary>A parsed multipart form: files plus text fields (repeatable).</summary>
public sealed class UploadForm
{
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.Ordinal);

    public List<UploadedFile> Files { get; } = [];

    public void AddField(string name, string value)
    {
        if (!_fields.TryGetValue(name, out var values))
        {
            _fields[name] = values = [];
        }
        values.Add(value);
    }

    /// <summary>The last value given for a field, or null; empty strings count as absent, as form clients send them for unset options.</summary>
    public string? Value(string name) =>
        _fields.TryGetValue(name, out var values) && values.Count > 0 && values[^1].Length > 0 ? values[^1] : null;

    public IReadOnlyList<string> Values(params string[] names) =>
        names.SelectMany(n => _fields.TryGetValue(n, out var v) ? v : []).Where(v => v.Length > 0).ToList();
}
