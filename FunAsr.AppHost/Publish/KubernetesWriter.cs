namespace FunAsr.AppHost.Publish;

/// <summary>
/// Kubernetes manifests (a kustomization): per service a Deployment, or a StatefulSet when it keeps data of its own
/// (Redis), and a ClusterIP Service; only external services (the gateway) get a LoadBalancer. One Secret holds the
/// deployment's secrets; the ASR replicas share a ReadWriteMany claim for job audio.
/// </summary>
internal static class KubernetesWriter
{
    public const string SecretName = "funasr-secrets";

    public static IReadOnlyDictionary<string, string> Write(Deployment deployment)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["secrets.yaml"] = YamlFile.Document(new Dictionary<string, object>
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = Metadata(SecretName),
                ["type"] = "Opaque",
                ["stringData"] = deployment.Secrets.ToDictionary(s => s.Key, s => s.Value),
            }),
        };
        foreach (var service in deployment.Services)
        {
            var documents = new List<object>();
            documents.AddRange(service.Volumes.Where(v => v.SharedByReplicas).Select(SharedClaim));
            documents.Add(Service(service));
            documents.Add(service.Volumes.Any(v => !v.SharedByReplicas) ? StatefulSet(service) : Deployment(service));
            files[$"{service.Name}.yaml"] = YamlFile.Documents(documents);
        }
        files["kustomization.yaml"] = YamlFile.Document(new Dictionary<string, object>
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["resources"] = files.Keys.ToArray(),
        });
        return files;
    }

    private static Dictionary<string, object> Deployment(DeployedService service) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = Metadata(service.Name),
        ["spec"] = new Dictionary<string, object>
        {
            ["replicas"] = service.Replicas,
            ["selector"] = new Dictionary<string, object> { ["matchLabels"] = Labels(service.Name) },
            ["template"] = PodTemplate(service),
        },
    };

    private static Dictionary<string, object> StatefulSet(DeployedService service) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["metadata"] = Metadata(service.Name),
        ["spec"] = new Dictionary<string, object>
        {
            ["serviceName"] = service.Name,
            ["replicas"] = service.Replicas,
            ["selector"] = new Dictionary<string, object> { ["matchLabels"] = Labels(service.Name) },
            ["template"] = PodTemplate(service),
            ["volumeClaimTemplates"] = service.Volumes.Where(v => !v.SharedByReplicas).Select(v => new Dictionary<string, object>
            {
                ["metadata"] = new Dictionary<string, object> { ["name"] = VolumeName(v) },
                ["spec"] = new Dictionary<string, object>
                {
                    ["accessModes"] = new[] { "ReadWriteOnce" },
                    ["resources"] = new Dictionary<string, object> { ["requests"] = new Dictionary<string, object> { ["storage"] = "1Gi" } },
                },
            }).ToArray(),
        },
    };

    private static Dictionary<string, object> SharedClaim(DeployedVolume volume) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = Metadata(VolumeName(volume)),
        ["spec"] = new Dictionary<string, object>
        {
            // Every replica mounts it, possibly on different nodes.
            ["accessModes"] = new[] { "ReadWriteMany" },
            ["resources"] = new Dictionary<string, object> { ["requests"] = new Dictionary<string, object> { ["storage"] = "10Gi" } },
        },
    };

    private static Dictionary<string, object> PodTemplate(DeployedService service)
    {
        var container = new Dictionary<string, object>
        {
            ["name"] = service.Name,
            ["image"] = service.Image ?? $"funasr/{service.Name}:latest",
            ["ports"] = new[] { new Dictionary<string, object> { ["name"] = PortName(service), ["containerPort"] = service.Port } },
            ["env"] = Environment(service),
        };
        if (service.Entrypoint is { } entrypoint)
        {
            container["command"] = new[] { entrypoint };
        }
        if (service.Args.Count > 0)
        {
            container["args"] = service.Args.Select(Render).ToArray();
        }
        if (service.HasHealthEndpoints)
        {
            container["readinessProbe"] = Probe("/health", service);
            container["livenessProbe"] = Probe("/alive", service);
        }
        if (service.Gpus > 0)
        {
            container["resources"] = new Dictionary<string, object> { ["limits"] = new Dictionary<string, object> { ["nvidia.com/gpu"] = service.Gpus } };
        }
        var spec = new Dictionary<string, object> { ["containers"] = new[] { container } };
        if (service.Volumes.Count > 0)
        {
            container["volumeMounts"] = service.Volumes.Select(v => new Dictionary<string, object> { ["name"] = VolumeName(v), ["mountPath"] = v.MountPath }).ToArray();
            var shared = service.Volumes.Where(v => v.SharedByReplicas).ToList();
            if (shared.Count > 0)
            {
                spec["volumes"] = shared.Select(v => new Dictionary<string, object>
                {
                    ["name"] = VolumeName(v),
                    ["persistentVolumeClaim"] = new Dictionary<string, object> { ["claimName"] = VolumeName(v) },
                }).ToArray();
            }
        }
        return new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object> { ["labels"] = Labels(service.Name) },
            ["spec"] = spec,
        };
    }

    /// <summary>
    /// Secrets first, each from the Secret; values that embed one use Kubernetes' <c>$(VAR)</c> expansion, which only sees
    /// variables defined earlier in the list.
    /// </summary>
    private static object[] Environment(DeployedService service)
    {
        var embedded = service.Environment.Select(e => e.Value).Concat(service.Args)
            .Where(v => v.WholeSecret is null).SelectMany(v => v.Secrets).Distinct().ToList();
        var env = new List<object>();
        env.AddRange(embedded.Select(key => SecretVariable(key, key)));
        foreach (var (name, value) in service.Environment)
        {
            if (value.WholeSecret is { } key)
            {
                if (name != key || !embedded.Contains(key))
                {
                    env.Add(SecretVariable(name, key));
                }
                continue;
            }
            env.Add(new Dictionary<string, object> { ["name"] = name, ["value"] = Render(value) });
        }
        return [.. env];
    }

    private static Dictionary<string, object> SecretVariable(string name, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new Dictionary<string, object>
        {
            ["secretKeyRef"] = new Dictionary<string, object> { ["name"] = SecretName, ["key"] = key },
        },
    };

    /// <summary>Kubernetes expands <c>$(VAR)</c> in values and arguments, so a literal <c>$(</c> is written <c>$$(</c>.</summary>
    private static string Render(DeployedValue value) => string.Concat(value.Parts.Select(part => part switch
    {
        Literal literal => literal.Text.Replace("$(", "$$(", StringComparison.Ordinal),
        SecretReference secret => $"$({secret.Key})",
        _ => throw new NotSupportedException(part.GetType().Name),
    }));

    private static Dictionary<string, object> Service(DeployedService service)
    {
        var spec = new Dictionary<string, object>
        {
            ["selector"] = Labels(service.Name),
            ["ports"] = new[]
            {
                new Dictionary<string, object> { ["name"] = PortName(service), ["port"] = service.ExternalPort ?? service.Port, ["targetPort"] = service.Port },
            },
            // Reachable inside the cluster only, except what is meant to face users.
            ["type"] = service.External ? "LoadBalancer" : "ClusterIP",
        };
        return new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = Metadata(service.Name),
            ["spec"] = spec,
        };
    }

    private static Dictionary<string, object> Probe(string path, DeployedService service) => new()
    {
        ["httpGet"] = new Dictionary<string, object> { ["path"] = path, ["port"] = PortName(service) },
        ["periodSeconds"] = 10,
        ["failureThreshold"] = 6,
    };

    private static string PortName(DeployedService service) => service.Scheme is "http" or "https" ? service.Scheme : "tcp";

    /// <summary>Kubernetes names are DNS labels: Aspire's volume names (with dots) are shortened to their last part.</summary>
    private static string VolumeName(DeployedVolume volume)
    {
        var name = volume.Name.Replace('.', '-').ToLowerInvariant();
        return name.Length <= 63 ? name : name[^63..].TrimStart('-');
    }

    private static Dictionary<string, object> Metadata(string name) => new()
    {
        ["name"] = name,
        ["labels"] = Labels(name),
    };

    private static Dictionary<string, string> Labels(string name) => new()
    {
        ["app.kubernetes.io/name"] = name,
        ["app.kubernetes.io/part-of"] = "funasr",
    };
}
