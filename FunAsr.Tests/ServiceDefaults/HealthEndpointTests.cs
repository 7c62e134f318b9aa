using System.Net;
using System.Text.Json;

namespace FunAsr.Tests.ServiceDefaults;

public sealed class HealthEndpointTests
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_report_healthy_with_the_self_check(string path)
    {
        await using var host = await ServiceDefaultsHost.StartAsync();
        using var client = host.CreateClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.True(body.RootElement.GetProperty("checks").TryGetProperty("self", out _));
    }
}
