namespace FunAsr.AppHost.Publish;

/// <summary>
/// <c>docker-compose.yaml</c>: one service per resource, named volumes (one shared by all ASR replicas for job audio),
/// secrets interpolated from <c>.env</c>, and only external services (the gateway) publishing a port.
/// </summary>
internal static class ComposeWriter
{
    public static string Write(Deployment deployment)
    {
        var services = new Dictionary<string, object>();
        var volumes = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var service in deployment.Services)
        {
            var entry = new Dictionary<string, object>();
            if (service.Image is { } image)
            {
                entry["image"] = image;
            }
            else
            {
                entry["image"] = $"funasr/{service.Name}:latest";
                entry["build"] = new Dictionary<string, object> { ["context"] = deployment.BuildContext, ["dockerfile"] = service.Dockerfile! };
            }
            if (service.Entrypoint is { } entrypoint)
            {
                entry["entrypoint"] = new[] { entrypoint };
            }
            if (service.Args.Count > 0)
            {
                entry["command"] = service.Args.Select(Render).ToArray();
            }
            if (service.Environment.Count > 0)
            {
                entry["environment"] = service.Environment.ToDictionary(e => e.Key, e => Render(e.Value));
            }
            if (service.External)
            {
                entry["ports"] = new[] { $"{service.ExternalPort}:{service.Port}" };
            }
            else
            {
                // Reachable by the other services on the compose network only.
                entry["expose"] = new[] { service.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
            if (service.Volumes.Count > 0)
            {
                entry["volumes"] = service.Volumes.Select(v => $"{v.Name}:{v.MountPath}").ToArray();
                foreach (var volume in service.Volumes)
                {
                    volumes[volume.Name] = new Dictionary<string, object>();
                }
            }
            if (service.DependsOn.Count > 0)
            {
                entry["depends_on"] = service.DependsOn.ToDictionary(d => d.Key, d => (object)new Dictionary<string, string>
                {
                    ["condition"] = d.Value ? "service_healthy" : "service_started",
                });
            }
            var deploy = new Dictionary<string, object>();
            if (service.Replicas > 1)
            {
                deploy["replicas"] = service.Replicas;
            }
            if (service.Gpus > 0)
            {
                deploy["resources"] = new Dictionary<string, object>
                {
                    ["reservations"] = new Dictionary<string, object>
                    {
                        ["devices"] = new[] { new Dictionary<string, object> { ["driver"] = "nvidia", ["count"] = service.Gpus, ["capabilities"] = new[] { "gpu" } } },
                    },
                };
            }
            if (deploy.Count > 0)
            {
                entry["deploy"] = deploy;
            }
            if (HealthCheck(service) is { } healthCheck)
            {
                entry["healthcheck"] = healthCheck;
            }
            entry["restart"] = "unless-stopped";
            services[service.Name] = entry;
        }
        var compose = new Dictionary<string, object> { ["name"] = "funasr", ["services"] = services };
        if (volumes.Count > 0)
        {
            compose["volumes"] = volumes;
        }
        return YamlFile.Document(compose);
    }

    /// <summary>Projects answer ServiceDefaults' <c>/health</c>; Redis answers PING with the password Aspire passes it as REDIS_PASSWORD.</summary>
    private static Dictionary<string, object>? HealthCheck(DeployedService service) =>
        service.HasHealthEndpoints
            ? new Dictionary<string, object>
            {
                ["test"] = new[] { "CMD-SHELL", $"curl -fsS http://localhost:{service.Port}/health || exit 1" },
                ["interval"] = "10s",
                ["start_period"] = "60s",
            }
            : service.Image?.Contains("redis", StringComparison.Ordinal) == true
                ? new Dictionary<string, object>
                {
                    ["test"] = new[] { "CMD-SHELL", $"redis-cli -p {service.Port} -a \"$$REDIS_PASSWORD\" --no-auth-warning ping | grep PONG" },
                    ["interval"] = "5s",
                }
                : null;

    /// <summary>Compose interpolates <c>${VAR}</c> from <c>.env</c>, so a literal <c>$</c> is written <c>$$</c>.</summary>
    private static string Render(DeployedValue value) => string.Concat(value.Parts.Select(part => part switch
    {
        Literal literal => literal.Text.Replace("$", "$$", StringComparison.Ordinal),
        SecretReference secret => $"${{{secret.Key}}}",
        _ => throw new NotSupportedException(part.GetType().Name),
    }));
}
