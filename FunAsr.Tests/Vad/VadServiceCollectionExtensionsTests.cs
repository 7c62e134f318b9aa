using FunAsr.AsrService.Vad;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.Vad;

public sealed class VadServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_the_detector_of_the_model_folder_with_bound_options()
    {
        using var provider = Build(new() { ["Asr:Vad:MaxSegmentSeconds"] = "12" }, VadTestAudio.ModelsFolder);

        var detector = provider.GetRequiredService<IVoiceActivityDetector>();

        Assert.IsType<FsmnVoiceActivityDetector>(detector);
        Assert.Equal(12, provider.GetRequiredService<IOptions<VadOptions>>().Value.MaxSegmentSeconds);
    }

    [Fact]
    public void No_model_folder_gives_the_bundled_silero_and_the_test_model_the_energy_segmenter()
    {
        using (var provider = Build([], null))
        {
            Assert.IsType<SileroVoiceActivityDetector>(provider.GetRequiredService<IVoiceActivityDetector>());
            Assert.Contains("bundled", provider.GetRequiredService<VadChoice>().Reason);
        }

        using var test = Build([], null, isTestModel: true);
        Assert.IsType<EnergyVoiceActivityDetector>(test.GetRequiredService<IVoiceActivityDetector>());
    }

    [Fact]
    public void Out_of_range_options_fail_validation()
    {
        using var provider = Build(new() { ["Asr:Vad:MaxSegmentSeconds"] = "0" }, null);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VadOptions>>().Value);
        Assert.Contains("MaxSegmentSeconds", ex.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, string? folder, bool isTestModel = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddVoiceActivityDetection(configuration, _ => (folder, isTestModel));
        return services.BuildServiceProvider();
    }
}
