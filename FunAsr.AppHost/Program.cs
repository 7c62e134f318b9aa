using FunAsr.AppHost;
using FunAsr.AppHost.Publish;
using FunAsr.AppHost.Redis;
using FunAsr.AppHost.Supervision;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(DeploymentFiles.TranslateArguments(args));
var data = builder.DataDirectory();
builder.WithShutdownWindow();

var cache = builder.AddCache("cache", data);
// The gateway signs each forwarded request's internal token with it; the services verify it (docs/security.md).
var signingKey = builder.AddParameter("internal-signing-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);

var asr = builder.AddProject<Projects.FunAsr_AsrService>("asr")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(cache)
    .WaitFor(cache)
    .WithEnvironment("InternalAuth__SigningKey", signingKey)
    .WithReplicas(builder.Configuration.GetValue("AppHost:AsrReplicas", 2))
    .WithSharedJobStorage(data)
    .WithPublishedGpus(builder.Configuration.GetValue("AppHost:AsrGpus", 0))
    .WithDefaultModel()
    .WithShutdownWindow()
    .WithRestartOnCrash();

var qabot = builder.AddProject<Projects.FunAsr_QaBot>("qabot")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(cache)
    .WaitFor(cache)
    .WithReference(asr)
    .WithEnvironment("InternalAuth__SigningKey", signingKey)
    .WithShutdownWindow();

// The learning layer (and compliance): reads QaBot's lecture and question streams, keeps its schema in the accounts' database.
var learning = builder.AddProject<Projects.FunAsr_Learning>("learning")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(cache)
    .WaitFor(cache)
    .WithReference(qabot)
    .WithReference(asr)
    .WithEnvironment("InternalAuth__SigningKey", signingKey)
    .WithAccountsDatabase(data)
    .WithAuditAnchors(data)
    .WithShutdownWindow();

var apiKey = builder.AddDevelopmentApiKey("gateway-api-key", data);

var gateway = builder.AddProject<Projects.FunAsr_Gateway>("gateway")
    .WithHttpEndpoint(port: builder.Configuration.GetValue("AppHost:GatewayPort", DevelopmentSettings.DefaultGatewayPort))
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReference(cache)
    .WithReference(asr)
    .WithReference(qabot)
    .WithReference(learning)
    .WithEnvironment("InternalAuth__SigningKey", signingKey)
    .WithEnvironment("Gateway__ApiKeys__0", apiKey)
    .WithAccountsDatabase(data)
    .WithShutdownWindow();
gateway.WithPageBanner(apiKey, gateway.WithDevelopmentAdmin(data));

builder.AddDeploymentFiles();

builder.Build().Run();
