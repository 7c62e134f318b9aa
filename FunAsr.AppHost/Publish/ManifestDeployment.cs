using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;

namespace FunAsr.AppHost.Publish;

/// <summary>
/// Turns Aspire's manifest (<c>aspire-manifest.json</c>, written from the application model by the
/// <c>publish-manifest</c> step) into the services a compose file or Kubernetes manifests describe. The manifest gives
/// images, commands, environment and bindings with their <c>{resource.bindings.http.url}</c>-style references; the
/// model adds what the manifest does not carry (replicas, GPUs, shared storage, waits).
/// </summary>
internal static partial class ManifestDeployment
{
    /// <summary>Projects listen here in their containers (the Dockerfiles' <c>HTTP_PORTS</c>).</summary>
    public const int ProjectPort = 8080;

    public static Deployment Read(string manifestPath, DistributedApplicationModel model, string repositoryRoot, string outputDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var resources = document.RootElement.GetProperty("resources").EnumerateObject().ToDictionary(r => r.Name, r => r.Value.Clone());
        var resolver = new References(resources);
        var services = new List<DeployedService>();
        foreach (var (name, resource) in resources)
        {
            var type = resource.GetProperty("type").GetString()!;
            if (!type.StartsWith("project.", StringComparison.Ordinal) && !type.StartsWith("container.", StringComparison.Ordinal))
            {
                continue;
            }
            var modelResource = model.Resources.Single(r => r.Name == name);
            var (scheme, port, external, externalPort) = Binding(resource, type);
            services.Add(new DeployedService
            {
                Name = name,
                Image = resource.TryGetProperty("image", out var image) ? image.GetString() : null,
                Dockerfile = resource.TryGetProperty("path", out var path)
                    ? Path.GetRelativePath(repositoryRoot, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(outputDirectory, path.GetString()!)))!, "Dockerfile"))
                    : null,
                Entrypoint = resource.TryGetProperty("entrypoint", out var entrypoint) ? entrypoint.GetString() : null,
                Args = resource.TryGetProperty("args", out var args) ? [.. args.EnumerateArray().Select(a => resolver.Resolve(a.GetString()!))] : [],
                Environment = resource.TryGetProperty("env", out var env)
                    ? [.. env.EnumerateObject().Select(e => KeyValuePair.Create(e.Name, resolver.Resolve(e.Value.GetString()!)))]
                    : [],
                Scheme = scheme,
                Port = port,
                External = external,
                ExternalPort = externalPort,
                Replicas = modelResource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) ? replicas.Replicas : 1,
                Gpus = modelResource.TryGetLastAnnotation<GpuAnnotation>(out var gpus) ? gpus.Count : 0,
                Volumes = [.. Volumes(resource, modelResource)],
                DependsOn = DependsOn(name, resource, modelResource, resources),
            });
        }
        var secrets = resources.Where(r => r.Value.GetProperty("type").GetString() == "parameter.v0")
            .Select(r => new DeploymentSecret(References.SecretKey(r.Key), Generate(r.Value)))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        return new Deployment(services, secrets, Path.GetRelativePath(outputDirectory, repositoryRoot));
    }

    private static (string Scheme, int Port, bool External, int? ExternalPort) Binding(JsonElement resource, string type)
    {
        if (!resource.TryGetProperty("bindings", out var bindings) || bindings.EnumerateObject().FirstOrDefault() is not { Value.ValueKind: JsonValueKind.Object } first)
        {
            throw new InvalidOperationException("Every published service needs an endpoint.");
        }
        var binding = first.Value;
        var port = binding.TryGetProperty("targetPort", out var target) ? target.GetInt32() : type.StartsWith("project.", StringComparison.Ordinal) ? ProjectPort : 0;
        var external = binding.TryGetProperty("external", out var e) && e.GetBoolean();
        int? externalPort = binding.TryGetProperty("port", out var p) ? p.GetInt32() : null;
        return (binding.GetProperty("scheme").GetString()!, port, external, external ? externalPort ?? port : null);
    }

    private static IEnumerable<DeployedVolume> Volumes(JsonElement resource, IResource modelResource)
    {
        if (resource.TryGetProperty("volumes", out var volumes))
        {
            foreach (var volume in volumes.EnumerateArray())
            {
                yield return new DeployedVolume(volume.GetProperty("name").GetString()!, volume.GetProperty("target").GetString()!, SharedByReplicas: false);
            }
        }
        foreach (var shared in modelResource.Annotations.OfType<SharedStorageAnnotation>())
        {
            yield return new DeployedVolume(shared.VolumeName, shared.MountPath, SharedByReplicas: true);
        }
    }

    /// <summary>Every service its environment refers to; those it waits for must be healthy first.</summary>
    private static Dictionary<string, bool> DependsOn(string name, JsonElement resource, IResource modelResource, Dictionary<string, JsonElement> resources)
    {
        var waits = modelResource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).ToHashSet();
        var referenced = resource.TryGetProperty("env", out var env)
            ? env.EnumerateObject().SelectMany(e => ReferencePattern().Matches(e.Value.GetString()!)).Select(m => m.Groups["resource"].Value)
            : [];
        return referenced.Concat(waits)
            .Where(r => r != name && resources.TryGetValue(r, out var other) && other.GetProperty("type").GetString() is { } t
                        && (t.StartsWith("project.", StringComparison.Ordinal) || t.StartsWith("container.", StringComparison.Ordinal)))
            .Distinct()
            .ToDictionary(r => r, waits.Contains);
    }

    /// <summary>A value for a secret parameter: per its <c>generate</c> default, else 32 random characters.</summary>
    private static string Generate(JsonElement parameter)
    {
        var length = 32;
        if (parameter.TryGetProperty("inputs", out var inputs) && inputs.TryGetProperty("value", out var input)
            && input.TryGetProperty("default", out var @default) && @default.TryGetProperty("generate", out var generate)
            && generate.TryGetProperty("minLength", out var minLength))
        {
            length = Math.Max(length, minLength.GetInt32());
        }
        // Letters and digits only: the values go into connection strings, shell commands and YAML unquoted.
        return RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);
    }

    [GeneratedRegex(@"\{(?<resource>[a-zA-Z0-9-]+)\.(?<path>[a-zA-Z0-9.-]+)\}")]
    internal static partial Regex ReferencePattern();

    /// <summary>Resolves manifest references the way services reach each other inside a deployment: by service name.</summary>
    private sealed class References(Dictionary<string, JsonElement> resources)
    {
        public static string SecretKey(string parameter) => parameter.Replace('-', '_').ToUpperInvariant();

        public DeployedValue Resolve(string template)
        {
            var parts = new List<ValuePart>();
            Append(template, parts, depth: 0);
            return new DeployedValue(Merge(parts));
        }

        private void Append(string template, List<ValuePart> parts, int depth)
        {
            if (depth > 8)
            {
                throw new InvalidOperationException($"Manifest references nest too deeply at '{template}'.");
            }
            var last = 0;
            foreach (Match match in ReferencePattern().Matches(template))
            {
                parts.Add(new Literal(template[last..match.Index]));
                AppendReference(match.Groups["resource"].Value, match.Groups["path"].Value, parts, depth);
                last = match.Index + match.Length;
            }
            parts.Add(new Literal(template[last..]));
        }

        private void AppendReference(string name, string path, List<ValuePart> parts, int depth)
        {
            var resource = resources.TryGetValue(name, out var r) ? r : throw new InvalidOperationException($"The manifest refers to an unknown resource '{name}'.");
            var type = resource.GetProperty("type").GetString()!;
            switch (path.Split('.'))
            {
                case ["value"] when type == "parameter.v0":
                    parts.Add(new SecretReference(SecretKey(name)));
                    break;
                case ["value"] when resource.TryGetProperty("value", out var value):
                    // Annotated strings (e.g. a URI-encoded password) wrap another value; generated secrets need no encoding.
                    Append(value.GetString()!, parts, depth + 1);
                    break;
                case ["connectionString"]:
                    Append(resource.GetProperty("connectionString").GetString()!, parts, depth + 1);
                    break;
                case ["bindings", var binding, var property]:
                    var b = resource.GetProperty("bindings").GetProperty(binding);
                    var port = b.TryGetProperty("targetPort", out var target) ? target.GetInt32() : ProjectPort;
                    var scheme = b.GetProperty("scheme").GetString()!;
                    parts.Add(new Literal(property switch
                    {
                        "host" => name,
                        "port" or "targetPort" => port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "url" => $"{scheme}://{name}:{port}",
                        "scheme" => scheme,
                        _ => throw new InvalidOperationException($"Unsupported binding property '{property}' in {{{name}.{path}}}."),
                    }));
                    break;
                default:
                    throw new InvalidOperationException($"Unsupported manifest reference {{{name}.{path}}}.");
            }
        }

        private static List<ValuePart> Merge(List<ValuePart> parts)
        {
            var merged = new List<ValuePart>();
            foreach (var part in parts)
            {
                if (part is Literal { Text.Length: 0 })
                {
                    continue;
                }
                if (part is Literal next && merged.Count > 0 && merged[^1] is Literal previous)
                {
                    merged[^1] = new Literal(previous.Text + next.Text);
                }
                else
                {
                    merged.Add(part);
                }
            }
            return merged;
        }
    }
}
