using FunAsr.AppHost.Dashboard;
using FunAsr.AppHost.Hosting;
using FunAsr.AppHost.Model;
using FunAsr.AppHost.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunAsr.AppHost.Orchestration;

/// <summary>Run mode: builds what is stale, then hosts the orchestrator, the OTLP receiver and the dashboard until Ctrl+C or SIGTERM.</summary>
internal static class AppHostRunner
{
    public static async Task<int> RunAsync(DistributedApplication app)
    {
        var builder = app.Builder;
        var options = builder.Options;
        try
        {
            if (!await EnsureProjectsBuiltAsync(app))
            {
                return 1;
            }

            var plan = ExecutionPlan.Create(app);
            var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = [],
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            });
            web.Logging.ClearProviders();
            web.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            web.Logging.AddFilter("Microsoft", LogLevel.Warning);
            web.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.ListenLocalhost(plan.DashboardPort);
                kestrel.ListenLocalhost(plan.Telemetry.Port);
            });
            web.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            web.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.StopTimeoutSeconds + 10));
            web.Services.AddSingleton(plan);
            web.Services.AddSingleton(options);
            web.Services.AddSingleton(TimeProvider.System);
            var limits = builder.Configuration.GetSection(TelemetryLimits.SectionName).Get<TelemetryLimits>() ?? new TelemetryLimits();
            System.ComponentModel.DataAnnotations.Validator.ValidateObject(limits, new(limits), validateAllProperties: true);
            web.Services.AddSingleton(new TelemetryStore(limits));
            web.Services.AddSingleton<Orchestrator>();
            web.Services.AddHostedService(sp => sp.GetRequiredService<Orchestrator>());

            await using var host = web.Build();
            MapEndpoints(host, plan);
            var reporter = new ConsoleReporter(host.Services.GetRequiredService<Orchestrator>(), options, builder.DevApiKey);
            reporter.PrintBanner();
            if (options.StopWhenInputCloses)
            {
                var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
                _ = Task.Run(async () =>
                {
                    await Console.OpenStandardInput().CopyToAsync(Stream.Null);
                    lifetime.StopApplication();
                });
            }
            await host.RunAsync();
            return 0;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"error: {ex.Message}. Another AppHost may be running; stop it or choose other ports (--AppHost:DashboardPort=0 --AppHost:OtlpHttpPort=0 --AppHost:GatewayPort=0).");
            return 1;
        }
        finally
        {
            if (options.Ephemeral)
            {
                TryDelete(builder.DataDirectory);
            }
        }
    }

    private static void MapEndpoints(WebApplication host, ExecutionPlan plan)
    {
        var store = host.Services.GetRequiredService<TelemetryStore>();
        var orchestrator = host.Services.GetRequiredService<Orchestrator>();
        var dashboardHost = $"*:{plan.DashboardPort}";
        host.UseDashboardAuthentication(plan.DashboardPort, plan.DashboardToken);
        host.MapOtlpHttpReceiver(store, plan.Telemetry.ApiKey).RequireHost($"*:{plan.Telemetry.Port}");
        host.MapDashboardApi(dashboardHost, orchestrator, store);
        host.MapDashboardFiles(dashboardHost);
    }

    private static async Task<bool> EnsureProjectsBuiltAsync(DistributedApplication app)
    {
        var builder = app.Builder;
        foreach (var project in app.Resources.OfType<ProjectResource>())
        {
            if (ProjectOutput.IsUpToDate(project, builder.BuildConfiguration))
            {
                continue;
            }
            if (builder.Options.NoBuild || builder.Options.Ephemeral)
            {
                if (File.Exists(ProjectOutput.AssemblyPath(project, builder.BuildConfiguration)))
                {
                    continue;
                }
                Console.Error.WriteLine($"error: {project.Name}: no build output at {ProjectOutput.AssemblyPath(project, builder.BuildConfiguration)} " +
                                        $"and building is off; run: dotnet build {project.ProjectPath} -c {builder.BuildConfiguration}");
                return false;
            }
            Console.WriteLine($"building {project.Name} ({Path.GetFileName(project.ProjectPath)}) …");
            if (await ProjectOutput.BuildAsync(project, builder.BuildConfiguration, CancellationToken.None) is { } failure)
            {
                Console.Error.WriteLine($"error: building {project.Name} failed:\n{failure}");
                return false;
            }
        }
        return true;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not remove {directory}: {ex.Message}");
        }
    }
}
