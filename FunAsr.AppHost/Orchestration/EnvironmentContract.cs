using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Orchestration;

/// <summary>
/// The environment Aspire injects into a project in run mode (Development), so each service runs unchanged under real Aspire.
/// Matches Aspire 13.x: ProjectResourceBuilderExtensions, OtlpConfigurationExtensions and the reference annotations.
/// </summary>
public static class EnvironmentContract
{
    /// <summary>Variables a child must not inherit from the AppHost because the contract sets them per project.</summary>
    public static readonly IReadOnlySet<string> NotInherited = new HashSet<string>(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "DOTNET_LAUNCH_PROFILE", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
    };

    public static IReadOnlyDictionary<string, string> For(ExecutionPlan plan, InstancePlan instance)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (instance.Resource is not ProjectResource)
        {
            return env;
        }

        env["ASPNETCORE_URLS"] = instance.Url!;
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true";
        env["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";

        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = plan.Telemetry.Url;
        env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        env["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={plan.Telemetry.ApiKey}";
        env["OTEL_SERVICE_NAME"] = instance.Resource.Name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instance.InstanceId}";
        env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        env["OTEL_TRACES_SAMPLER"] = "always_on";
        env["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";

        foreach (var reference in instance.Resource.References)
        {
            var prefix = EnvironmentPrefix(reference.Name);
            switch (reference)
            {
                case RedisResource redis:
                {
                    var server = plan.InstancesOf(redis).First();
                    env[$"ConnectionStrings__{redis.Name}"] = RedisConnectionString(redis, server.Port);
                    env[$"{prefix}_HOST"] = "127.0.0.1";
                    env[$"{prefix}_PORT"] = server.Port.ToString();
                    env[$"{prefix}_PASSWORD"] = redis.Password;
                    env[$"{prefix}_URI"] = $"redis://:{Uri.EscapeDataString(redis.Password)}@127.0.0.1:{server.Port}";
                    break;
                }
                case ProjectResource project:
                {
                    var replicas = plan.InstancesOf(project).ToList();
                    for (var i = 0; i < replicas.Count; i++)
                    {
                        env[$"services__{project.Name}__http__{i}"] = replicas[i].Url!;
                    }
                    env[$"{prefix}_HTTP"] = replicas[0].Url!;
                    break;
                }
            }
        }

        foreach (var (name, value) in instance.Resource.Environment)
        {
            env[name] = value;
        }
        return env;
    }

    public static string RedisConnectionString(RedisResource redis, int port) =>
        redis.Password.Length > 0 ? $"127.0.0.1:{port},password={redis.Password}" : $"127.0.0.1:{port}";

    /// <summary>Aspire 13's upper-case variable prefix: <c>asr</c> → <c>ASR</c>, <c>my-db</c> → <c>MY_DB</c>.</summary>
    public static string EnvironmentPrefix(string resourceName) => resourceName.ToUpperInvariant().Replace('-', '_');
}
