using System.Diagnostics;
using FunAsr.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace FunAsr.Tests.AppHost;

/// <summary><c>FunAsr.AppHost publish --output DIR</c> run as a process, its files parsed as YAML.</summary>
public sealed class PublishTests : IAsyncLifetime
{
    private readonly string _output = Directory.CreateTempSubdirectory("funasr-publish-").FullName;

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(StackFixture.DotnetHostPath())
        {
            ArgumentList = { StackFixture.AppHostAssemblyPath(), "publish", "--output", _output, "--AppHost:AsrGpus=1" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"publish exited with {process.ExitCode}: {await stdout}{await stderr}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_output, recursive: true);
        return Task.CompletedTask;
    }

    private List<YamlMappingNode> Load(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(_output, relativePath));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => current is YamlSequenceNode seq ? seq[int.Parse(key)] : ((YamlMappingNode)current)[key]);

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void Compose_has_every_resource_with_its_environment()
    {
        var compose = Load("docker-compose.yaml").Single();
        var services = (YamlMappingNode)At(compose, "services");

        Assert.Equal(["asr", "cache", "gateway", "qabot"], services.Children.Keys.Select(k => k.ToString()).Order().ToArray());
        Assert.Equal("cache-data:/data", Scalar(services, "cache", "volumes", "0"));
        Assert.Contains("--appendonly", ((YamlSequenceNode)At(services, "cache", "command")).Children.Select(c => c.ToString()));

        var gatewayEnv = (YamlMappingNode)At(services, "gateway", "environment");
        Assert.Equal("http://asr:8080", Scalar(gatewayEnv, "services__asr__http__0"));
        Assert.Equal("http://qabot:8080", Scalar(gatewayEnv, "services__qabot__http__0"));
        Assert.Equal("http://asr:8080", Scalar(gatewayEnv, "ASR_HTTP"));
        Assert.Equal("${GATEWAY_API_KEY}", Scalar(gatewayEnv, "Gateway__ApiKeys__0"));
        Assert.Equal("8080", Scalar(gatewayEnv, "HTTP_PORTS"));
        Assert.Equal("8080:8080", Scalar(services, "gateway", "ports", "0"));

        foreach (var project in new[] { "asr", "qabot" })
        {
            var env = (YamlMappingNode)At(services, project, "environment");
            Assert.Equal("cache:6379,password=${CACHE_PASSWORD}", Scalar(env, "ConnectionStrings__cache"));
            Assert.Equal($"{(project == "asr" ? "FunAsr.AsrService" : "FunAsr.QaBot")}/Dockerfile", Scalar(services, project, "build", "dockerfile"));
            var context = Path.GetFullPath(Path.Combine(_output, Scalar(services, project, "build", "context")));
            Assert.True(File.Exists(Path.Combine(context, Scalar(services, project, "build", "dockerfile"))), "the Dockerfile the compose file names exists");
        }
        Assert.Equal("2", Scalar(services, "asr", "deploy", "replicas"));
        Assert.Equal("nvidia", Scalar(services, "asr", "deploy", "resources", "reservations", "devices", "0", "driver"));

        var secrets = File.ReadAllLines(Path.Combine(_output, ".env"));
        Assert.Contains(secrets, l => l.StartsWith("CACHE_PASSWORD=", StringComparison.Ordinal) && l.Length > 20);
        Assert.Contains(secrets, l => l.StartsWith("GATEWAY_API_KEY=", StringComparison.Ordinal) && l.Length > 20);
    }

    [Fact]
    public void Kubernetes_has_a_deployment_and_service_per_project_and_a_redis_statefulset_with_a_volume()
    {
        foreach (var project in new[] { "asr", "qabot", "gateway" })
        {
            var documents = Load($"kubernetes/{project}.yaml");
            var deployment = documents.Single(d => Scalar(d, "kind") == "Deployment");
            var service = documents.Single(d => Scalar(d, "kind") == "Service");
            Assert.Equal(project, Scalar(deployment, "metadata", "name"));
            Assert.Equal(project == "asr" ? "2" : "1", Scalar(deployment, "spec", "replicas"));
            Assert.Equal("8080", Scalar(service, "spec", "ports", "0", "port"));

            var container = At(deployment, "spec", "template", "spec", "containers", "0");
            var env = ((YamlSequenceNode)At(container, "env")).Children.Cast<YamlMappingNode>()
                .ToDictionary(e => Scalar(e, "name"), e => e);
            Assert.Equal("8080", Scalar(env["HTTP_PORTS"], "value"));
            Assert.Equal("/health", Scalar(container, "readinessProbe", "httpGet", "path"));
            if (project != "gateway")
            {
                Assert.Equal("cache:6379,password=$(CACHE_PASSWORD)", Scalar(env["ConnectionStrings__cache"], "value"));
                Assert.Equal("CACHE_PASSWORD", Scalar(env["CACHE_PASSWORD"], "valueFrom", "secretKeyRef", "key"));
                // Kubernetes expands $(VAR) only from variables defined earlier in the list.
                Assert.True(env.Keys.ToList().IndexOf("CACHE_PASSWORD") < env.Keys.ToList().IndexOf("ConnectionStrings__cache"));
            }
            else
            {
                Assert.Equal("http://asr:8080", Scalar(env["services__asr__http__0"], "value"));
                Assert.Equal("GATEWAY_API_KEY", Scalar(env["Gateway__ApiKeys__0"], "valueFrom", "secretKeyRef", "key"));
                Assert.Equal("LoadBalancer", Scalar(service, "spec", "type"));
            }
            var requestsGpu = ((YamlMappingNode)container).Children.ContainsKey("resources");
            Assert.Equal(project == "asr", requestsGpu);
            if (requestsGpu)
            {
                Assert.Equal("1", Scalar(container, "resources", "limits", "nvidia.com/gpu"));
            }
        }

        var redis = Load("kubernetes/cache.yaml");
        var statefulSet = redis.Single(d => Scalar(d, "kind") == "StatefulSet");
        Assert.Equal("data", Scalar(statefulSet, "spec", "volumeClaimTemplates", "0", "metadata", "name"));
        Assert.Equal("/data", Scalar(statefulSet, "spec", "template", "spec", "containers", "0", "volumeMounts", "0", "mountPath"));
        Assert.Equal("yes", Scalar(statefulSet, "spec", "template", "spec", "containers", "0", "args", "1"));
        Assert.Contains("- \"yes\"", File.ReadAllText(Path.Combine(_output, "kubernetes/cache.yaml")));
        Assert.Equal("None", Scalar(redis.Single(d => Scalar(d, "kind") == "Service"), "spec", "clusterIP"));

        var kustomization = Load("kubernetes/kustomization.yaml").Single();
        Assert.Equal(5, ((YamlSequenceNode)At(kustomization, "resources")).Children.Count);
    }
}
