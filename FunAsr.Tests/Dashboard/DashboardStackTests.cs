using System.Net;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Dashboard;

/// <summary>The dashboard of the shared, really started stack.</summary>
[Trait("Category", "Stack")]
[Collection(StackCollection.Name)]
public sealed class DashboardStackTests(StackFixture stack)
{
    [Fact]
    public async Task Pages_and_api_answer_401_without_the_token_and_the_login_link_signs_in()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(stack.DashboardUrl) };
        foreach (var path in new[] { "/", "/app.js", "/api/resources", "/api/traces", "/api/logs", "/api/metrics" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var wrong = await anonymous.GetAsync("/login?t=not-the-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var login = await anonymous.GetAsync($"/login?t={stack.DashboardToken}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        signedIn.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var resources = await anonymous.SendAsync(signedIn);
        Assert.Equal(HttpStatusCode.OK, resources.StatusCode);
    }

    [Fact]
    public async Task A_request_through_the_gateway_produces_one_trace_with_gateway_and_asr_spans()
    {
        using var gateway = stack.CreateGatewayClient();
        using var dashboard = stack.CreateDashboardClient();
        using var response = await gateway.GetAsync("/v1/models");

        var trace = await TraceWithServicesAsync(dashboard, ["gateway", "asr"], TimeSpan.FromSeconds(30));

        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        var asrServer = spans.First(s => s.GetProperty("service").GetString() == "asr" && s.GetProperty("kind").GetString() == "Server");
        var parentId = asrServer.GetProperty("parentSpanId").GetString();
        var parent = spans.Single(s => s.GetProperty("spanId").GetString() == parentId);
        Assert.Equal("gateway", parent.GetProperty("service").GetString());
        Assert.Equal("Client", parent.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Stop_and_start_commands_act_on_the_resource_and_its_console_output_is_served()
    {
        using var dashboard = stack.CreateDashboardClient();

        using (var stop = await dashboard.PostAsync("/api/resources/qabot/stop", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }
        await stack.WaitForAsync(all => all.Single(r => r.Name == "qabot") is { Pid: null, State: "Finished" or "Exited" }, TimeSpan.FromSeconds(30));
        using (var start = await dashboard.PostAsync("/api/resources/qabot/start", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }
        await stack.WaitForAsync(all => all.Single(r => r.Name == "qabot").IsReady, TimeSpan.FromSeconds(60));

        using var unknown = await dashboard.PostAsync("/api/resources/nope/stop", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var console = JsonDocument.Parse(await dashboard.GetStringAsync("/api/resources/qabot/console?last=200"));
        var lines = console.RootElement.EnumerateArray().Select(l => l.GetProperty("text").GetString()!).ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains('\u001b'));
    }

    /// <summary>Polls the dashboard API until a trace contains spans from every one of <paramref name="services"/>.</summary>
    internal static async Task<JsonElement> TraceWithServicesAsync(HttpClient dashboard, string[] services, TimeSpan timeout, string spanName = "")
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var list = JsonDocument.Parse(await dashboard.GetStringAsync($"/api/traces?service=gateway&limit=50&q={spanName}"));
            var match = list.RootElement.EnumerateArray().FirstOrDefault(t =>
                services.All(s => t.GetProperty("services").EnumerateArray().Any(x => x.GetString() == s)));
            if (match.ValueKind == JsonValueKind.Object)
            {
                using var trace = JsonDocument.Parse(await dashboard.GetStringAsync($"/api/traces/{match.GetProperty("traceId").GetString()}"));
                return trace.RootElement.Clone();
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"No trace with spans from {string.Join(" and ", services)} within {timeout.TotalSeconds} s.");
    }
}
