using FunAsr.AsrService.Recognition;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.Engine;

public sealed class SpeechEngineHostingTests
{
    [Fact]
    public async Task AddSpeechEngine_loads_the_default_model_warms_up_and_recognises()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Asr:Inference:IntraOpThreads"] = "1" });
        await host.StartAsync();
        var status = host.Services.GetRequiredService<SpeechEngineStatus>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (status.State == SpeechEngineState.Loading && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var recognizer = host.Services.GetRequiredService<ISpeechRecognizer>();
        var result = await recognizer.RecognizeAsync(new AudioClip(ToneWords.Synthesize("▁hello ▁world").Samples), new RecognitionOptions(), CancellationToken.None);
        await host.StopAsync();

        Assert.Equal(SpeechEngineState.Ready, status.State);
        Assert.True(status.IsTestModel);
        Assert.Equal("known-answer", recognizer.Model.Id);
        Assert.Equal("sensevoice-funasr", recognizer.Model.Family);
        Assert.Equal("hello world", result.Text);
    }

    [Theory]
    [InlineData("Asr:Model:Path", "models/no-such-model", "Asr:Model:Path")]
    [InlineData("Asr:Inference:ExecutionProvider", "tpu", "ExecutionProvider must be cpu or cuda")]
    [InlineData("Asr:Batching:MaxBatchSize", "0", "MaxBatchSize")]
    public async Task Invalid_configuration_stops_the_host_at_start_with_the_setting_named(string key, string value, string expected)
    {
        using var host = BuildHost(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_broken_model_marks_the_engine_failed_with_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory("funasr-broken-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "model.onnx"), "not a model");
            using var host = BuildHost(new Dictionary<string, string?> { ["Asr:Model:Path"] = folder });
            await host.StartAsync();
            var status = host.Services.GetRequiredService<SpeechEngineStatus>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (status.State == SpeechEngineState.Loading && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            await host.StopAsync();
            Assert.Equal(SpeechEngineState.Failed, status.State);
            Assert.Contains("model.onnx", status.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = RepositoryPaths.Root });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSpeechEngine(builder.Configuration);
        return builder.Build();
    }
}
