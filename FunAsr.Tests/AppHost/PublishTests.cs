using System.Text.Json;
using FunAsr.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace FunAsr.Tests.AppHost;

/// <summary>
/// <c>FunAsr.AppHost publish --output DIR</c> run as a process: Aspire's manifest of the application model, and the
/// compose file and Kubernetes manifests derived from it, parsed as JSON and YAML.
/// </summary>
public sealed class PublishTests : IAsyncLifetime
{
    private readonly string _output = Directory.CreateTempSubdirectory("funasr-publish-").FullName;

    public async Task InitializeAsync()
    {
        await using var publish = AppHostProcess.Start(["publish", "--output", _output, "--AppHost:AsrGpus=1"]);
        var exitCode = await publish.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exitCode == 0, $"publish exited with {exitCode}: {publish.Output}");
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
    public void The_files_come_from_aspires_manifest_of_the_application_model()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");

        // Published, Redis is always Aspire's container (AddRedis), whatever this machine runs locally.
        Assert.StartsWith("container.", resources.GetProperty("cache").GetProperty("type").GetString());
        Assert.StartsWith("project.", resources.GetProperty("asr").GetProperty("type").GetString());
        Assert.True(resources.GetProperty("gateway").GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.Equal("{cache.connectionString}", resources.GetProperty("asr").GetProperty("env").GetProperty("ConnectionStrings__cache").GetString());
    }

    [Fact]
    public void Compose_has_every_resource_with_its_environment()
    {
        var compose = Load("docker-compose.yaml").Single();
        var services = (YamlMappingNode)At(compose, "services");

        Assert.Equal(["asr", "cache", "gateway", "learning", "qabot"], services.Children.Keys.Select(k => k.ToString()).Order().ToArray());
        // Redis is Aspire's container with its data volume; its password reaches the shell as REDIS_PASSWORD, escaped for compose.
        Assert.Matches("^[a-z0-9.-]*cache-data:/data$", Scalar(services, "cache", "volumes", "0"));
        Assert.Equal("${CACHE_PASSWORD}", Scalar(services, "cache", "environment", "REDIS_PASSWORD"));
        Assert.Contains("--requirepass $$REDIS_PASSWORD", Scalar(services, "cache", "command", "1"));
        Assert.False(((YamlMappingNode)At(services, "cache")).Children.ContainsKey("ports"), "Redis is not published outside the compose network");

        var gatewayEnv = (YamlMappingNode)At(services, "gateway", "environment");
        Assert.Equal("http://asr:8080", Scalar(gatewayEnv, "services__asr__http__0"));
        Assert.Equal("http://qabot:8080", Scalar(gatewayEnv, "services__qabot__http__0"));
        Assert.Equal("http://learning:8080", Scalar(gatewayEnv, "services__learning__http__0"));
        Assert.Equal("http://asr:8080", Scalar(gatewayEnv, "ASR_HTTP"));
        Assert.Equal("${GATEWAY_API_KEY}", Scalar(gatewayEnv, "Gateway__ApiKeys__0"));
        Assert.Equal("8080", Scalar(gatewayEnv, "HTTP_PORTS"));
        Assert.Equal("5080:8080", Scalar(services, "gateway", "ports", "0"));
        foreach (var inside in new[] { "asr", "qabot", "learning" })
        {
            Assert.False(((YamlMappingNode)At(services, inside)).Children.ContainsKey("ports"), $"{inside} is reachable only through the gateway");
            Assert.Equal("8080", Scalar(services, inside, "expose", "0"));
        }

        foreach (var project in new[] { "asr", "qabot", "learning" })
        {
            var env = (YamlMappingNode)At(services, project, "environment");
            Assert.Equal("cache:6379,password=${CACHE_PASSWORD}", Scalar(env, "ConnectionStrings__cache"));
            Assert.Equal($"{project switch { "asr" => "FunAsr.AsrService", "qabot" => "FunAsr.QaBot", _ => "FunAsr.Learning" }}/Dockerfile", Scalar(services, project, "build", "dockerfile"));
            var context = Path.GetFullPath(Path.Combine(_output, Scalar(services, project, "build", "context")));
            Assert.True(File.Exists(Path.Combine(context, Scalar(services, project, "build", "dockerfile"))), "the Dockerfile the compose file names exists");
        }
        Assert.Equal("2", Scalar(services, "asr", "deploy", "replicas"));
        // Both replicas read uploaded audio from one volume, wherever the job was submitted.
        Assert.Equal("asr-jobs:/data/jobs", Scalar(services, "asr", "volumes", "0"));
        Assert.Equal("/data/jobs", Scalar(services, "asr", "environment", "Asr__Jobs__StoragePath"));
        Assert.Equal("service_healthy", Scalar(services, "asr", "depends_on", "cache", "condition"));
        Assert.True(((YamlMappingNode)At(compose, "volumes")).Children.ContainsKey("asr-jobs"));
        Assert.Equal("nvidia", Scalar(services, "asr", "deploy", "resources", "reservations", "devices", "0", "driver"));

        var secrets = File.ReadAllLines(Path.Combine(_output, ".env"));
        Assert.Contains(secrets, l => l.StartsWith("CACHE_PASSWORD=", StringComparison.Ordinal) && l.Length > 20);
        Assert.Contains(secrets, l => l.StartsWith("GATEWAY_API_KEY=", StringComparison.Ordinal) && l.Length > 20);
        // The same signing key reaches the gateway and every service.
        Assert.All(new[] { "asr", "qabot", "learning", "gateway" }, s => Assert.Equal("${INTERNAL_SIGNING_KEY}", Scalar(services, s, "environment", "InternalAuth__SigningKey")));
    }

    [Fact]
    public void Kubernetes_has_a_deployment_and_service_per_project_and_a_redis_statefulset_with_a_volume()
    {
        foreach (var project in new[] { "asr", "qabot", "learning", "gateway" })
        {
            var documents = Load($"kubernetes/{project}.yaml");
            var deployment = documents.Single(d => Scalar(d, "kind") == "Deployment");
            var service = documents.Single(d => Scalar(d, "kind") == "Service");
            Assert.Equal(project, Scalar(deployment, "metadata", "name"));
            Assert.Equal(project == "asr" ? "2" : "1", Scalar(deployment, "spec", "replicas"));
            Assert.Equal(project == "gateway" ? "5080" : "8080", Scalar(service, "spec", "ports", "0", "port"));
            Assert.Equal("8080", Scalar(service, "spec", "ports", "0", "targetPort"));
            Assert.Equal(project == "gateway" ? "LoadBalancer" : "ClusterIP", Scalar(service, "spec", "type"));

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
            }
            if (project == "asr")
            {
                var claim = documents.Single(d => Scalar(d, "kind") == "PersistentVolumeClaim");
                Assert.Equal("ReadWriteMany", Scalar(claim, "spec", "accessModes", "0"));
                Assert.Equal(Scalar(claim, "metadata", "name"), Scalar(deployment, "spec", "template", "spec", "volumes", "0", "persistentVolumeClaim", "claimName"));
                Assert.Equal("/data/jobs", Scalar(container, "volumeMounts", "0", "mountPath"));
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
        var redisContainer = At(statefulSet, "spec", "template", "spec", "containers", "0");
        Assert.Equal(Scalar(statefulSet, "spec", "volumeClaimTemplates", "0", "metadata", "name"), Scalar(redisContainer, "volumeMounts", "0", "name"));
        Assert.Equal("/data", Scalar(redisContainer, "volumeMounts", "0", "mountPath"));
        Assert.Equal("CACHE_PASSWORD", Scalar(redisContainer, "env", "0", "valueFrom", "secretKeyRef", "key"));
        Assert.Equal("ClusterIP", Scalar(redis.Single(d => Scalar(d, "kind") == "Service"), "spec", "type"));

        var secret = Load("kubernetes/secrets.yaml").Single();
        Assert.Equal(["CACHE_PASSWORD", "GATEWAY_API_KEY", "INTERNAL_SIGNING_KEY"], ((YamlMappingNode)At(secret, "stringData")).Children.Keys.Select(k => k.ToString()).Order().ToArray());
        Assert.True(Scalar(secret, "stringData", "INTERNAL_SIGNING_KEY").Length >= 48, "the generate default's minimum length");
        var kustomization = Load("kubernetes/kustomization.yaml").Single();
        Assert.Equal(["asr.yaml", "cache.yaml", "gateway.yaml", "learning.yaml", "qabot.yaml", "secrets.yaml"],
            ((YamlSequenceNode)At(kustomization, "resources")).Children.Select(c => c.ToString()).ToArray());
    }
}
