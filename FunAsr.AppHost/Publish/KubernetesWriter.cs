using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Publish;

/// <summary>
/// Kubernetes manifests: a Deployment and a Service per project (probes on <c>/health</c> and <c>/alive</c>),
/// Redis as a StatefulSet with a persistent volume, and one Secret for passwords and keys.
/// </summary>
internal static class KubernetesWriter
{
    public static IReadOnlyDictionary<string, string> Write(IReadOnlyList<Resource> resources, IReadOnlyDictionary<string, string> secrets)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["secrets.yaml"] = YamlFile.Document(new Dictionary<string, object>
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = Metadata(PublishEnvironment.SecretName),
                ["type"] = "Opaque",
                ["stringData"] = secrets,
            }),
        };
        foreach (var resource in resources)
        {
            files[$"{resource.Name}.yaml"] = resource switch
            {
                RedisResource redis => YamlFile.Documents([Service(redis.Name, PublishEnvironment.RedisPort, headless: true, external: false), RedisStatefulSet(redis)]),
                ProjectResource project => YamlFile.Documents([ProjectDeployment(project), Service(project.Name, PublishEnvironment.HttpPort, headless: false, external: project.ExternalHttpEndpoints)]),
                _ => throw new NotSupportedException(resource.TypeName),
            };
        }
        files["kustomization.yaml"] = YamlFile.Document(new Dictionary<string, object>
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["resources"] = files.Keys.Where(k => k != "kustomization.yaml").Order(StringComparer.Ordinal).ToArray(),
        });
        return files;
    }

    private static Dictionary<string, object> ProjectDeployment(ProjectResource project)
    {
        var container = new Dictionary<string, object>
        {
            ["name"] = project.Name,
            ["image"] = $"funasr/{project.Name}:latest",
            ["ports"] = new[] { new Dictionary<string, object> { ["name"] = "http", ["containerPort"] = PublishEnvironment.HttpPort } },
            ["env"] = PublishEnvironment.For(project).Select(Variable).ToArray(),
            ["readinessProbe"] = Probe("/health"),
            ["livenessProbe"] = Probe("/alive"),
        };
        if (project.GpuCount > 0)
        {
            container["resources"] = new Dictionary<string, object>
            {
                ["limits"] = new Dictionary<string, object> { ["nvidia.com/gpu"] = project.GpuCount },
            };
        }
        return new Dictionary<string, object>
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = Metadata(project.Name),
            ["spec"] = new Dictionary<string, object>
            {
                ["replicas"] = project.Replicas,
                ["selector"] = new Dictionary<string, object> { ["matchLabels"] = Labels(project.Name) },
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = Labels(project.Name) },
                    ["spec"] = new Dictionary<string, object> { ["containers"] = new[] { container } },
                },
            },
        };
    }

    private static Dictionary<string, object> RedisStatefulSet(RedisResource redis)
    {
        var passwordKey = PublishEnvironment.PasswordKey(redis);
        var container = new Dictionary<string, object>
        {
            ["name"] = redis.Name,
            ["image"] = redis.Image,
            ["args"] = new[] { "--appendonly", "yes", "--requirepass", $"$({passwordKey})" },
            ["ports"] = new[] { new Dictionary<string, object> { ["name"] = "redis", ["containerPort"] = PublishEnvironment.RedisPort } },
            ["env"] = new[] { SecretVariable(passwordKey, passwordKey) },
            ["volumeMounts"] = new[] { new Dictionary<string, object> { ["name"] = "data", ["mountPath"] = "/data" } },
            ["readinessProbe"] = new Dictionary<string, object>
            {
                ["exec"] = new Dictionary<string, object> { ["command"] = new[] { "sh", "-c", $"redis-cli -a \"${passwordKey}\" ping | grep PONG" } },
                ["periodSeconds"] = 5,
            },
        };
        return new Dictionary<string, object>
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = Metadata(redis.Name),
            ["spec"] = new Dictionary<string, object>
            {
                ["serviceName"] = redis.Name,
                ["replicas"] = 1,
                ["selector"] = new Dictionary<string, object> { ["matchLabels"] = Labels(redis.Name) },
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = Labels(redis.Name) },
                    ["spec"] = new Dictionary<string, object> { ["containers"] = new[] { container } },
                },
                ["volumeClaimTemplates"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["metadata"] = new Dictionary<string, object> { ["name"] = "data" },
                        ["spec"] = new Dictionary<string, object>
                        {
                            ["accessModes"] = new[] { "ReadWriteOnce" },
                            ["resources"] = new Dictionary<string, object> { ["requests"] = new Dictionary<string, object> { ["storage"] = "1Gi" } },
                        },
                    },
                },
            },
        };
    }

    private static Dictionary<string, object> Service(string name, int port, bool headless, bool external)
    {
        var spec = new Dictionary<string, object>
        {
            ["selector"] = Labels(name),
            ["ports"] = new[] { new Dictionary<string, object> { ["name"] = headless ? "redis" : "http", ["port"] = port, ["targetPort"] = port } },
        };
        if (headless)
        {
            spec["clusterIP"] = "None";
        }
        if (external)
        {
            spec["type"] = "LoadBalancer";
        }
        return new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = Metadata(name),
            ["spec"] = spec,
        };
    }

    /// <summary>Secrets first come from the Secret; values that embed them use Kubernetes' <c>$(VAR)</c> expansion.</summary>
    private static Dictionary<string, object> Variable(PublishVariable variable) =>
        variable.IsSecret
            ? SecretVariable(variable.Name, variable.SecretKey!)
            : new Dictionary<string, object>
            {
                ["name"] = variable.Name,
                ["value"] = variable.Value.Replace("{{", "$(", StringComparison.Ordinal).Replace("}}", ")", StringComparison.Ordinal),
            };

    private static Dictionary<string, object> SecretVariable(string name, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new Dictionary<string, object>
        {
            ["secretKeyRef"] = new Dictionary<string, object> { ["name"] = PublishEnvironment.SecretName, ["key"] = key },
        },
    };

    private static Dictionary<string, object> Probe(string path) => new()
    {
        ["httpGet"] = new Dictionary<string, object> { ["path"] = path, ["port"] = "http" },
        ["periodSeconds"] = 10,
        ["failureThreshold"] = 6,
    };

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
