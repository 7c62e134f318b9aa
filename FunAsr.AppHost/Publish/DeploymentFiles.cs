#pragma warning disable ASPIREPIPELINES001 // Aspire's pipeline steps: the documented way to add to 'publish'.

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunAsr.AppHost.Publish;

/// <summary>
/// <c>dotnet run --project FunAsr.AppHost -- publish --output DIR</c>: Aspire writes its manifest of the application
/// model, then this step derives <c>docker-compose.yaml</c> (+ <c>.env</c>) and <c>kubernetes/</c> from it. Project
/// images build from each service's Dockerfile with the repository as context.
/// </summary>
internal static class DeploymentFiles
{
    public const string StepName = "publish-deployment-files";
    private const string ManifestStep = "publish-manifest";

    /// <summary>Rewrites our short form into Aspire's publish arguments; anything else passes through unchanged.</summary>
    public static string[] TranslateArguments(string[] args)
    {
        if (args is not ["publish", .. var rest])
        {
            return args;
        }
        var output = "publish";
        var others = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] is "--output" or "-o" && i + 1 < rest.Length)
            {
                output = rest[++i];
            }
            else
            {
                others.Add(rest[i]);
            }
        }
        return ["--operation", "publish", "--step", StepName, "--output-path", Path.GetFullPath(output), .. others];
    }

    public static IDistributedApplicationBuilder AddDeploymentFiles(this IDistributedApplicationBuilder builder)
    {
        builder.Pipeline.AddStep(StepName, async context =>
        {
            var output = context.Services.GetRequiredService<IConfiguration>()["Pipeline:OutputPath"]
                ?? throw new InvalidOperationException("publish needs an output folder: publish --output DIR");
            var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
            var deployment = ManifestDeployment.Read(Path.Combine(output, "aspire-manifest.json"), context.Model, repositoryRoot, output);
            var written = new List<string>();
            async Task WriteAsync(string relativePath, string content)
            {
                var path = Path.Combine(output, relativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, content, context.CancellationToken);
                written.Add(relativePath);
            }
            await WriteAsync("docker-compose.yaml", ComposeWriter.Write(deployment));
            await WriteAsync(".env", string.Concat(deployment.Secrets.Select(s => $"{s.Key}={s.Value}\n")));
            foreach (var (name, content) in KubernetesWriter.Write(deployment))
            {
                await WriteAsync(Path.Combine("kubernetes", name), content);
            }
            context.Logger.LogInformation("Wrote {Files} to {Output}", string.Join(", ", written), output);
        }, dependsOn: ManifestStep);
        return builder;
    }
}

/// <summary>GPUs each replica asks for when published (compose device reservations, Kubernetes <c>nvidia.com/gpu</c>).</summary>
internal sealed record GpuAnnotation(int Count) : IResourceAnnotation;

internal static class GpuExtensions
{
    public static IResourceBuilder<T> WithPublishedGpus<T>(this IResourceBuilder<T> builder, int count) where T : IResource =>
        count > 0 ? builder.WithAnnotation(new GpuAnnotation(count)) : builder;
}
