using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FunAsr.Tests.AppHost;

/// <summary>The AppHost's first-run model fetch (FunAsr.AppHost/DefaultModel.cs), inspected without starting anything.</summary>
public sealed class DefaultModelTests
{
    private static Task<IDistributedApplicationTestingBuilder> ModelAsync(params string[] args) => AppHostModel.BuildAsync(["--AppHost:Redis=executable", .. args]);

    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource) =>
        (await AppHostModel.EnvironmentOf(resource)).Where(p => p.Value is string).ToDictionary(p => p.Key, p => (string)p.Value);

    [Fact]
    public async Task The_default_model_is_fetched_first_and_the_asr_waits_for_the_fetch_to_finish()
    {
        await using var builder = await ModelAsync();

        var fetch = Assert.IsType<ExecutableResource>(builder.Resources.Single(r => r.Name == "model-fetch"));
        var args = new List<object>();
        foreach (var callback in fetch.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, fetch, CancellationToken.None));
        }

        Assert.Equal("bash", fetch.Command);
        Assert.EndsWith(Path.Combine("models", "fetch"), (string)args[0]);
        Assert.Equal(["sherpa-sensevoice-int8-2024-07-17", "--allow-unpinned", "--if-missing", "--best-effort"], args.Skip(1).Cast<string>());
        var asr = builder.Resources.Single(r => r.Name == "asr");
        var wait = Assert.Single(asr.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "model-fetch");
        Assert.Equal(WaitType.WaitForCompletion, wait.WaitType);
        var environment = await EnvironmentOf(asr);
        Assert.EndsWith(Path.Combine("models", "sherpa-sensevoice-int8-2024-07-17"), environment["Asr__Model__Path"]);
        Assert.EndsWith(Path.Combine("models", "testing", "known-answer"), environment["Asr__Model__FallbackPath"]);
    }

    [Fact]
    public async Task None_keeps_the_test_model_and_an_explicit_path_is_passed_through()
    {
        await using (var none = await ModelAsync("--AppHost:Model=none"))
        {
            Assert.DoesNotContain(none.Resources, r => r.Name == "model-fetch");
        }

        await using var explicitPath = await ModelAsync("--Asr:Model:Path=/srv/models/mine");
        Assert.DoesNotContain(explicitPath.Resources, r => r.Name == "model-fetch");
        Assert.Equal("/srv/models/mine", (await EnvironmentOf(explicitPath.Resources.Single(r => r.Name == "asr")))["Asr__Model__Path"]);
    }
}
