using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace FunAsr.AppHost;

/// <summary>
/// The model a first run gets: <c>AppHost:Model</c> (a models/manifest.json name, default the SenseVoiceSmall int8
/// sherpa-onnx export) is fetched by <c>models/fetch</c> as a resource the ASR replicas wait for. Without network the
/// fetch gives up quickly and the service loads the known-answer test model instead, whose banner on every page view
/// says so and names the command that installs a real model. <c>AppHost:Model=none</c> skips the fetch, and an
/// explicit <c>Asr:Model:Path</c> is passed through unchanged.
/// </summary>
internal static class DefaultModel
{
    public const string DefaultName = "sherpa-sensevoice-int8-2024-07-17";
    public const string None = "none";
    public const string FetchResourceName = "model-fetch";

    public static IResourceBuilder<ProjectResource> WithDefaultModel(this IResourceBuilder<ProjectResource> asr)
    {
        var builder = asr.ApplicationBuilder;
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        if (builder.Configuration["Asr:Model:Path"] is { Length: > 0 } configured)
        {
            return asr.WithEnvironment("Asr__Model__Path", Path.GetFullPath(configured, root));
        }

        var name = builder.Configuration["AppHost:Model"] is { Length: > 0 } chosen ? chosen.Trim() : DefaultName;
        if (name.Equals(None, StringComparison.OrdinalIgnoreCase) || !builder.ExecutionContext.IsRunMode)
        {
            return asr;
        }

        var fetch = builder.AddExecutable(FetchResourceName, "bash", root,
                Path.Combine(root, "models", "fetch"), name, "--allow-unpinned", "--if-missing", "--best-effort")
            .ExcludeFromManifest();
        return asr
            .WithEnvironment("Asr__Model__Path", Path.Combine(root, "models", name))
            .WithEnvironment("Asr__Model__FallbackPath", Path.Combine(root, "models", "testing", "known-answer"))
            .WaitForCompletion(fetch);
    }
}
