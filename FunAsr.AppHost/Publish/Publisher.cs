using FunAsr.AppHost.Hosting;

namespace FunAsr.AppHost.Publish;

/// <summary>
/// Publish mode: writes <c>docker-compose.yaml</c> with its <c>.env</c>, and <c>kubernetes/</c> manifests, from the same resource model.
/// Images are built from each service's Dockerfile with the repository as context.
/// </summary>
internal static class Publisher
{
    public static IReadOnlyList<string> Write(DistributedApplication app, string outputDirectory)
    {
        var output = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(output);
        var repositoryRoot = Path.GetFullPath(Path.Combine(app.Builder.ProjectDirectory, ".."));
        var buildContext = Path.GetRelativePath(output, repositoryRoot);
        var secrets = PublishEnvironment.Secrets(app.Resources);
        var written = new List<string>();

        void WriteFile(string relativePath, string content)
        {
            var path = Path.Combine(output, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            written.Add(path);
        }

        WriteFile("docker-compose.yaml", ComposeWriter.Write(app.Resources, buildContext));
        WriteFile(".env", string.Concat(secrets.Select(s => $"{s.Key}={s.Value}\n")));
        foreach (var (name, content) in KubernetesWriter.Write(app.Resources, secrets))
        {
            WriteFile(Path.Combine("kubernetes", name), content);
        }
        return written;
    }
}
