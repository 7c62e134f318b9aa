using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Publish;

/// <summary>One variable of a published container: a literal, or a value that embeds secrets written as <c>{{KEY}}</c>.</summary>
internal sealed record PublishVariable(string Name, string Value, string? SecretKey = null)
{
    public bool IsSecret => SecretKey is not null;
}

/// <summary>
/// The environment contract in publish mode (Aspire's publish-mode values): containers listen on <c>HTTP_PORTS</c>,
/// references resolve through the orchestrator's DNS names, secrets come from the deployment's secret store.
/// </summary>
internal static class PublishEnvironment
{
    public const int HttpPort = 8080;
    public const int RedisPort = 6379;
    public const string SecretName = "funasr-secrets";

    public static string PasswordKey(RedisResource redis) => $"{Orchestration.EnvironmentContract.EnvironmentPrefix(redis.Name)}_PASSWORD";

    public static IReadOnlyList<PublishVariable> For(ProjectResource project)
    {
        var variables = new List<PublishVariable>
        {
            new("HTTP_PORTS", HttpPort.ToString()),
            new("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true"),
            new("OTEL_SERVICE_NAME", project.Name),
        };
        foreach (var reference in project.References)
        {
            var prefix = Orchestration.EnvironmentContract.EnvironmentPrefix(reference.Name);
            switch (reference)
            {
                case RedisResource redis:
                    var key = PasswordKey(redis);
                    variables.Add(new($"{prefix}_PASSWORD", "", key));
                    variables.Add(new($"ConnectionStrings__{redis.Name}", $"{redis.Name}:{RedisPort},password={{{{{key}}}}}"));
                    variables.Add(new($"{prefix}_HOST", redis.Name));
                    variables.Add(new($"{prefix}_PORT", RedisPort.ToString()));
                    variables.Add(new($"{prefix}_URI", $"redis://:{{{{{key}}}}}@{redis.Name}:{RedisPort}"));
                    break;
                case ProjectResource other:
                    // One URL: the orchestrator's Service (or Compose DNS) spreads requests over the replicas.
                    variables.Add(new($"services__{other.Name}__http__0", $"http://{other.Name}:{HttpPort}"));
                    variables.Add(new($"{prefix}_HTTP", $"http://{other.Name}:{HttpPort}"));
                    break;
            }
        }
        foreach (var (name, value) in project.Environment)
        {
            variables.Add(project.SecretEnvironment.TryGetValue(name, out var secret) ? new(name, "", secret) : new(name, value));
        }
        return variables;
    }

    /// <summary>Every secret key the deployment needs, with a freshly generated value to start from.</summary>
    public static IReadOnlyDictionary<string, string> Secrets(IEnumerable<Resource> resources)
    {
        var secrets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (resource is RedisResource redis)
            {
                secrets[PasswordKey(redis)] = Hosting.DistributedApplicationBuilder.RandomToken(16);
            }
            foreach (var key in resource.SecretEnvironment.Values)
            {
                secrets[key] = Hosting.DistributedApplicationBuilder.RandomToken(24);
            }
        }
        return secrets;
    }
}
