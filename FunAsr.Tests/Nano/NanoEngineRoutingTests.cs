using FunAsr.AsrService.Nano;
using FunAsr.AsrService.Recognition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunAsr.Tests.Nano;

public sealed class NanoEngineRoutingTests
{
    [Fact]
    public async Task AddSpeechEngine_routes_an_llm_export_folder_to_the_nano_recognizer_and_warms_it_up()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Asr:Model:Path"] = NanoFixtures.Fp32Folder,
            ["Asr:Inference:IntraOpThreads"] = "1",
        });
        builder.Services.AddSpeechEngine(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var status = host.Services.GetRequiredService<SpeechEngineStatus>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (status.State == SpeechEngineState.Loading && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var recognizer = host.Services.GetRequiredService<ISpeechRecognizer>();
        await host.StopAsync();

        Assert.IsType<NanoLlmRecognizer>(recognizer);
        Assert.Equal(NanoLlmRecognizer.FamilyName, recognizer.Model.Family);
        Assert.Equal(SpeechEngineState.Ready, status.State);
    }
}
