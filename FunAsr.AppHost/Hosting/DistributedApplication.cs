using FunAsr.AppHost.Model;

namespace FunAsr.AppHost.Hosting;

/// <summary>Entry point of the AppHost: <c>DistributedApplication.CreateBuilder(args)</c> … <c>Build().Run()</c>.</summary>
public sealed class DistributedApplication
{
    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        Builder = builder;
    }

    public DistributedApplicationBuilder Builder { get; }

    public IReadOnlyList<Resource> Resources => Builder.Resources;

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    /// <summary>Runs the application until Ctrl+C or SIGTERM (or writes the deployment files in publish mode); returns the exit code.</summary>
    public int Run() => RunAsync().GetAwaiter().GetResult();

    public async Task<int> RunAsync()
    {
        if (Builder.IsPublishMode)
        {
            var written = Publish.Publisher.Write(this, Builder.CommandLine.OutputDirectory!);
            foreach (var file in written)
            {
                Console.WriteLine($"wrote {file}");
            }
            return 0;
        }
        return await Orchestration.AppHostRunner.RunAsync(this);
    }
}
