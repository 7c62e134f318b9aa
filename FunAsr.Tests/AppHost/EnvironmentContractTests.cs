using FunAsr.AppHost.Hosting;
using FunAsr.AppHost.Model;
using FunAsr.AppHost.Orchestration;

namespace FunAsr.Tests.AppHost;

/// <summary>The variables the AppHost injects, checked on the resolved plan without starting a process.</summary>
public sealed class EnvironmentContractTests : IDisposable
{
    private readonly DistributedApplicationBuilder _builder = DistributedApplication.CreateBuilder(["--ephemeral"]);

    private ExecutionPlan CreatePlan()
    {
        var cache = _builder.AddRedis("cache");
        var asr = _builder.AddProject("asr", "../FunAsr.AsrService/FunAsr.AsrService.csproj")
            .WithReference(cache).WaitFor(cache).WithReplicas(2);
        _builder.AddProject("gateway", "../FunAsr.Gateway/FunAsr.Gateway.csproj")
            .WithReference(cache).WithReference(asr).WithEnvironment("Gateway__ApiKeys__0", "k1").WithExternalHttpEndpoints();
        return ExecutionPlan.Create(_builder.Build());
    }

    [Fact]
    public void Gateway_gets_the_aspire_service_discovery_and_connection_string_variables()
    {
        var plan = CreatePlan();
        var gateway = plan.Instance("gateway");
        var asr = plan.Instances.Where(i => i.Resource.Name == "asr").OrderBy(i => i.Index).ToList();
        var redis = plan.Instance("cache");
        var env = gateway.Environment;

        Assert.Equal(2, asr.Count);
        Assert.NotEqual(asr[0].Port, asr[1].Port);
        Assert.Equal($"http://localhost:{asr[0].Port}", env["services__asr__http__0"]);
        Assert.Equal($"http://localhost:{asr[1].Port}", env["services__asr__http__1"]);
        Assert.False(env.ContainsKey("services__asr__http__2"));
        Assert.Equal($"http://localhost:{asr[0].Port}", env["ASR_HTTP"]);

        var password = ((RedisResource)redis.Resource).Password;
        Assert.Matches("^[0-9a-f]{32}$", password);
        Assert.Equal($"127.0.0.1:{redis.Port},password={password}", env["ConnectionStrings__cache"]);
        Assert.Equal("127.0.0.1", env["CACHE_HOST"]);
        Assert.Equal(redis.Port.ToString(), env["CACHE_PORT"]);
        Assert.Equal(password, env["CACHE_PASSWORD"]);
        Assert.Equal($"redis://:{password}@127.0.0.1:{redis.Port}", env["CACHE_URI"]);

        Assert.Equal($"http://localhost:{gateway.Port}", env["ASPNETCORE_URLS"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("k1", env["Gateway__ApiKeys__0"]);
    }

    [Fact]
    public void Every_replica_gets_the_otlp_variables_with_its_own_instance_id()
    {
        var plan = CreatePlan();
        var projects = plan.Instances.Where(i => i.Resource is ProjectResource).ToList();

        Assert.Equal(3, projects.Count);
        foreach (var instance in projects)
        {
            var env = instance.Environment;
            Assert.Equal(plan.Telemetry.Url, env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Matches("^http://localhost:[0-9]+$", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
            Assert.Equal($"x-otlp-api-key={plan.Telemetry.ApiKey}", env["OTEL_EXPORTER_OTLP_HEADERS"]);
            Assert.Equal(instance.Resource.Name, env["OTEL_SERVICE_NAME"]);
            Assert.Matches("^service\\.instance\\.id=[a-z]{8}$", env["OTEL_RESOURCE_ATTRIBUTES"]);
            Assert.Equal($"service.instance.id={instance.InstanceId}", env["OTEL_RESOURCE_ATTRIBUTES"]);
            Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
            Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
            Assert.Equal("1000", env["OTEL_METRIC_EXPORT_INTERVAL"]);
            Assert.Equal("always_on", env["OTEL_TRACES_SAMPLER"]);
            Assert.Equal("trace_based", env["OTEL_METRICS_EXEMPLAR_FILTER"]);
            Assert.Equal("in_memory", env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]);
        }
        Assert.Equal(3, projects.Select(p => p.InstanceId).Distinct().Count());
        Assert.Equal(2, projects.Count(p => p.Resource.Name == "asr" && p.Name.StartsWith("asr-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Replicas_without_references_get_no_discovery_variables()
    {
        var plan = CreatePlan();
        var asr = plan.Instances.First(i => i.Resource.Name == "asr");

        Assert.DoesNotContain(asr.Environment.Keys, k => k.StartsWith("services__", StringComparison.Ordinal));
        Assert.Contains("ConnectionStrings__cache", asr.Environment.Keys);
        Assert.False(asr.Environment.ContainsKey("Gateway__ApiKeys__0"));
    }

    public void Dispose()
    {
        Directory.Delete(_builder.DataDirectory, recursive: true);
    }
}
