using FunAsr.AppHost.Hosting;
using FunAsr.AppHost.Model;

var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddRedis("cache");

var asr = builder.AddProject("asr", "../FunAsr.AsrService/FunAsr.AsrService.csproj")
    .WithReference(cache)
    .WaitFor(cache)
    .WithReplicas(builder.Configuration.GetValue("AppHost:AsrReplicas", 2))
    .WithGpus(builder.Configuration.GetValue("AppHost:AsrGpus", 0));

var qabot = builder.AddProject("qabot", "../FunAsr.QaBot/FunAsr.QaBot.csproj")
    .WithReference(cache)
    .WithReference(asr)
    .WaitFor(cache);

builder.AddProject("gateway", "../FunAsr.Gateway/FunAsr.Gateway.csproj")
    .WithReference(asr)
    .WithReference(qabot)
    .WithSecretEnvironment("Gateway__ApiKeys__0", "GATEWAY_API_KEY", builder.DevApiKey)
    .WithExternalHttpEndpoints();

return builder.Build().Run();
