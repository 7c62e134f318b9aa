using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Publish;

/// <summary>docker-compose.yaml: one service per resource, Redis with a named volume, secrets interpolated from <c>.env</c>.</summary>
internal static class ComposeWriter
{
    public static string Write(IReadOnlyList<Resource> resources, string buildContext)
    {
        var services = new Dictionary<string, object>();
        var volumes = new Dictionary<string, object>();
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case RedisResource redis:
                    var volume = $"{redis.Name}-data";
                    volumes[volume] = new Dictionary<string, object>();
                    services[redis.Name] = new Dictionary<string, object>
                    {
                        ["image"] = redis.Image,
                        ["command"] = new[] { "redis-server", "--appendonly", "yes", "--requirepass", $"${{{PublishEnvironment.PasswordKey(redis)}}}" },
                        ["volumes"] = new[] { $"{volume}:/data" },
                        ["restart"] = "unless-stopped",
                        ["healthcheck"] = new Dictionary<string, object>
                        {
                            ["test"] = new[] { "CMD-SHELL", $"redis-cli -a \"$${PublishEnvironment.PasswordKey(redis)}\" ping | grep PONG" },
                            ["interval"] = "5s",
                        },
                        ["environment"] = new Dictionary<string, string> { [PublishEnvironment.PasswordKey(redis)] = $"${{{PublishEnvironment.PasswordKey(redis)}}}" },
                    };
                    break;
                case ProjectResource project:
                    services[project.Name] = Project(project, resources, buildContext);
                    break;
            }
        }
        var compose = new Dictionary<string, object> { ["name"] = "funasr", ["services"] = services };
        if (volumes.Count > 0)
        {
            compose["volumes"] = volumes;
        }
        return YamlFile.Document(compose);
    }

    private static Dictionary<string, object> Project(ProjectResource project, IReadOnlyList<Resource> resources, string buildContext)
    {
        var environment = PublishEnvironment.For(project).ToDictionary(
            v => v.Name,
            v => v.IsSecret ? $"${{{v.SecretKey}}}" : v.Value.Replace("{{", "${", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal));
        var service = new Dictionary<string, object>
        {
            ["image"] = $"funasr/{project.Name}:latest",
            ["build"] = new Dictionary<string, object>
            {
                ["context"] = buildContext,
                ["dockerfile"] = $"{Path.GetFileName(project.ProjectDirectory)}/Dockerfile",
            },
            ["environment"] = environment,
            ["restart"] = "unless-stopped",
        };
        if (project.ExternalHttpEndpoints)
        {
            service["ports"] = new[] { $"{PublishEnvironment.HttpPort}:{PublishEnvironment.HttpPort}" };
        }
        else
        {
            service["expose"] = new[] { PublishEnvironment.HttpPort.ToString() };
        }
        var dependsOn = project.WaitsFor.Concat(project.References).Distinct()
            .ToDictionary(r => r.Name, r => (object)new Dictionary<string, string>
            {
                ["condition"] = r is RedisResource || project.WaitsFor.Contains(r) ? "service_healthy" : "service_started",
            });
        if (dependsOn.Count > 0)
        {
            service["depends_on"] = dependsOn;
        }
        var deploy = new Dictionary<string, object>();
        if (project.Replicas > 1)
        {
            deploy["replicas"] = project.Replicas;
        }
        if (project.GpuCount > 0)
        {
            deploy["resources"] = new Dictionary<string, object>
            {
                ["reservations"] = new Dictionary<string, object>
                {
                    ["devices"] = new[]
                    {
                        new Dictionary<string, object> { ["driver"] = "nvidia", ["count"] = project.GpuCount, ["capabilities"] = new[] { "gpu" } },
                    },
                },
            };
        }
        if (deploy.Count > 0)
        {
            service["deploy"] = deploy;
        }
        service["healthcheck"] = new Dictionary<string, object>
        {
            ["test"] = new[] { "CMD-SHELL", $"curl -fsS http://localhost:{PublishEnvironment.HttpPort}/health || exit 1" },
            ["interval"] = "10s",
            ["start_period"] = "60s",
        };
        _ = resources;
        return service;
    }
}
