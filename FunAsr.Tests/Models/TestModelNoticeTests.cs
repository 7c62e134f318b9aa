using FunAsr.AsrService.Api.Native;
using System.Net;
using System.Text.Json;
using FunAsr.AsrService.Models;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FunAsr.Tests.Models;

/// <summary>A first run on the known-answer test model says so: the model-status route, /v1/models and the gateway.</summary>
public sealed class TestModelNoticeTests(KnownAnswerService service) : IClassFixture<KnownAnswerService>
{
    [Fact]
    public async Task Model_status_says_the_test_model_is_loaded_with_the_install_command()
    {
        using var json = JsonDocument.Parse(await service.Client.GetStringAsync(ModelStatusEndpoints.Route));
        var status = json.RootElement;

        Assert.True(status.GetProperty("testModel").GetBoolean());
        Assert.Equal("ready", status.GetProperty("state").GetString());
        Assert.Equal(TestModelNotice.InstallCommand, status.GetProperty("installCommand").GetString());
        Assert.Contains("cannot recognise speech", status.GetProperty("notice").GetString());
        Assert.DoesNotContain("/", status.GetProperty("model").GetString());
        Assert.DoesNotContain("known-answer/", json.RootElement.GetRawText());
    }

    [Fact]
    public async Task V1_models_flags_the_test_model_with_the_notice()
    {
        using var json = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/models"));
        var model = json.RootElement.GetProperty("data")[0];

        Assert.True(model.GetProperty("test_model").GetBoolean());
        Assert.Contains(TestModelNotice.InstallCommand, model.GetProperty("notice").GetString());
    }

    [Fact]
    public async Task The_gateway_answers_model_status_without_a_key_and_nothing_else()
    {
        await using var asr = await StandInService.StartAsync("asr", app =>
            app.MapGet(ModelStatusEndpoints.Route, () => Results.Json(new { state = "ready", testModel = true })));
        await using var gateway = new GatewayHost([asr], null);
        using var anonymous = gateway.Client(key: null);

        var status = await anonymous.GetAsync(ModelStatusEndpoints.Route);
        var models = await anonymous.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("\"testModel\":true", await status.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
    }
}
