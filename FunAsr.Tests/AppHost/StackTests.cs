using System.Diagnostics;
using System.Net;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.AppHost;

/// <summary>The real AppHost with every service, shared by the tests of the Stack collection.</summary>
[Trait("Category", "Stack")]
[Collection(StackCollection.Name)]
public sealed class StackTests(StackFixture stack)
{
    [Fact]
    public void Every_resource_is_running_and_healthy_with_two_asr_replicas()
    {
        var resources = stack.Resources;

        Assert.All(resources, r => Assert.True(r.IsReady, $"{r.Name} is {r.State}/{r.Health}"));
        Assert.Equal(["asr", "cache", "gateway", "qabot"], resources.Select(r => r.Resource).Distinct().Order().ToArray());
        Assert.Equal(2, stack.AsrReplicas.Count);
        Assert.All(resources, r => Assert.NotNull(r.Pid));
        Assert.StartsWith("http://localhost:", stack.GatewayUrl);
        Assert.Matches("^[0-9a-f]{32}$", stack.DashboardToken);
        Assert.StartsWith("dev-", stack.ApiKey);
    }

    [Fact]
    public async Task A_request_through_the_gateway_reaches_the_asr_service()
    {
        using var client = stack.CreateGatewayClient();

        using var anonymous = new HttpClient { BaseAddress = new Uri(stack.GatewayUrl) };

        using var response = await client.GetAsync("/v1/models");
        using var withoutKey = await anonymous.GetAsync("/v1/models");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        using var models = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal("list", models.RootElement.GetProperty("object").GetString());
        Assert.NotEmpty(models.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task A_killed_asr_replica_is_restarted_and_counted()
    {
        var victim = stack.AsrReplicas[0];
        Process.GetProcessById(victim.Pid!.Value).Kill();

        var after = await stack.WaitForAsync(
            all => all.Single(r => r.Name == victim.Name) is { IsReady: true } r && r.Pid != victim.Pid && r.Restarts > victim.Restarts,
            TimeSpan.FromSeconds(90));

        var restarted = after.Single(r => r.Name == victim.Name);
        Assert.Equal(victim.Port, restarted.Port);
        Assert.Contains($"{victim.Name}", stack.Output);
    }
}
