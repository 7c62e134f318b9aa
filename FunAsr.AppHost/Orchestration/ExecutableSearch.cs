namespace FunAsr.AppHost.Orchestration;

internal static class ExecutableSearch
{
    /// <summary>The full path of <paramref name="fileName"/> as the shell would find it, or null.</summary>
    public static string? Find(string fileName)
    {
        if (fileName.Contains(Path.DirectorySeparatorChar))
        {
            return File.Exists(fileName) ? fileName : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, fileName))
            .FirstOrDefault(File.Exists);
    }
}
