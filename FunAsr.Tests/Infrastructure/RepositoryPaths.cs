namespace FunAsr.Tests.Infrastructure;

/// <summary>Locates committed fixtures in the repository from the test binaries' folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding FunAsr.Aspire.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The known-answer SenseVoice model (models/testing/known-answer).</summary>
    public static string KnownAnswerModel => Path.Combine(Root, "models", "testing", "known-answer");

    /// <summary>The random-weight parity models and their PyTorch reference outputs (models/testing/random).</summary>
    public static string RandomModels => Path.Combine(Root, "models", "testing", "random");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FunAsr.Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No FunAsr.Aspire.sln above {AppContext.BaseDirectory}");
    }
}
