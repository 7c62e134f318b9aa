using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Orchestration;

/// <summary>Finds a project's built assembly and runs <c>dotnet build</c> when it is missing or older than its sources.</summary>
internal static partial class ProjectOutput
{
    private static readonly string TargetFramework =
        typeof(ProjectOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostTargetFramework")?.Value ?? "net10.0";

    private static readonly string[] SourceExtensions = [".cs", ".csproj", ".json", ".props", ".targets", ".proto", ".resx"];

    public static string AssemblyPath(ProjectResource project, string configuration) =>
        Path.Combine(project.ProjectDirectory, "bin", configuration, TargetFramework, project.AssemblyName + ".dll");

    public static bool IsUpToDate(ProjectResource project, string configuration)
    {
        var assembly = new FileInfo(AssemblyPath(project, configuration));
        if (!assembly.Exists)
        {
            return false;
        }
        var newestSource = ProjectDirectories(project.ProjectPath)
            .SelectMany(SourceFiles)
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();
        return newestSource <= assembly.LastWriteTimeUtc;
    }

    /// <summary>Builds the project; returns null on success or the build's last output lines on failure.</summary>
    public static async Task<string?> BuildAsync(ProjectResource project, string configuration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            ArgumentList = { "build", project.ProjectPath, "-c", configuration, "--nologo", "-v", "q", "-clp:NoSummary;ErrorsOnly" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet build did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode == 0)
        {
            return null;
        }
        var text = (await output + await errors).Trim();
        return string.Join('\n', text.Split('\n').TakeLast(20));
    }

    private static IEnumerable<string> ProjectDirectories(string projectPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectPath)]);
        while (pending.TryPop(out var path))
        {
            if (!File.Exists(path) || !seen.Add(path))
            {
                continue;
            }
            var directory = Path.GetDirectoryName(path)!;
            yield return directory;
            foreach (Match reference in ProjectReference().Matches(File.ReadAllText(path)))
            {
                var relative = reference.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.Combine(directory, relative)));
            }
        }
    }

    private static IEnumerable<string> SourceFiles(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(directory, "*", options)
            .Where(f => SourceExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    [GeneratedRegex("""<ProjectReference\s+Include="([^"]+)""")]
    private static partial Regex ProjectReference();
}
