using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunAsr.ModelFetch;

/// <summary>models/manifest.json: the models <c>models/fetch</c> knows, where they come from and how to check them.</summary>
public sealed record ModelManifest(IReadOnlyList<ModelEntry> Models)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ModelManifest Load(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var manifest = JsonSerializer.Deserialize<ModelManifest>(file, Json)
                ?? throw new FetchException($"{path} is empty.");
            manifest.Validate(path);
            return manifest;
        }
        catch (JsonException e)
        {
            throw new FetchException($"{path} is not a valid manifest: {e.Message}");
        }
        catch (FileNotFoundException)
        {
            throw new FetchException($"Manifest {path} not found.");
        }
    }

    public ModelEntry Find(string name) =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new FetchException($"Unknown model '{name}'. Known: {string.Join(", ", Models.Select(m => m.Name))}.");

    private void Validate(string path)
    {
        foreach (var model in Models)
        {
            if (!ModelEntry.IsSafeFolderName(model.Name))
                throw new FetchException($"{path}: model name '{model.Name}' must be a plain folder name.");
            foreach (var file in model.Files)
            {
                if (!Uri.TryCreate(file.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw new FetchException($"{path}: '{file.Url}' of {model.Name} is not an http(s) URL.");
                if (file.Sha256 is { } sum && (sum.Length != 64 || !sum.All(Uri.IsHexDigit)))
                    throw new FetchException($"{path}: sha256 of {file.Url} must be 64 hex digits.");
                if (!file.Unpack && file.SaveAs is null)
                    throw new FetchException($"{path}: {file.Url} needs \"saveAs\" or \"unpack\": true.");
            }
        }
    }
}

/// <param name="Languages">The languages the model offers (ISO codes), as the engine will list them.</param>
/// <param name="Contents">Files (and folders, ending in '/') the fetched folder holds; checked after fetching.</param>
/// <param name="Replica">The tiny random-weight copy of this download the tests fetch (models/testing/replicas/).</param>
public sealed record ModelEntry(
    string Name,
    string Family,
    string Description,
    string Source,
    IReadOnlyList<ModelFile> Files,
    IReadOnlyList<string>? Languages = null,
    IReadOnlyList<string>? Contents = null,
    string? Replica = null)
{
    public static bool IsSafeFolderName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name is not ("." or "..") && name.IndexOfAny(['/', '\\', ':']) < 0 && !name.StartsWith('.');
}

/// <summary>One download. <see cref="Sha256"/> is null where no checksum is published; <see cref="ChecksumNote"/> says so.</summary>
public sealed record ModelFile(
    string Url,
    string? Sha256,
    long? Size,
    [property: JsonPropertyName("checksumNote")] string? ChecksumNote,
    bool Unpack = false,
    int StripComponents = 0,
    string? SaveAs = null)
{
    public string FileName => Path.GetFileName(new Uri(Url).AbsolutePath);
}

public sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner);
