using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunAsr.AppHost.Supervision;

internal static class ShutdownWindowExtensions
{
    /// <summary>The window each service drains in when stopped, in seconds (<c>AppHost:ShutdownTimeoutSeconds</c>).</summary>
    public const double DefaultSeconds = 30;

    /// <summary>What the AppHost waits beyond the services' window before it gives up on them.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    public static TimeSpan ShutdownWindow(this IDistributedApplicationBuilder builder) =>
        TimeSpan.FromSeconds(builder.Configuration.GetValue("AppHost:ShutdownTimeoutSeconds", DefaultSeconds));

    /// <summary>
    /// Gives the AppHost itself the services' window plus a margin, and makes it wait for its resources to stop
    /// (<c>DcpPublisher:WaitForResourceCleanup</c>) rather than return while they still drain, so Ctrl+C on the AppHost
    /// lets every service finish its in-flight requests, live sessions and jobs' hand-back.
    /// </summary>
    public static IDistributedApplicationBuilder WithShutdownWindow(this IDistributedApplicationBuilder builder)
    {
        var window = builder.ShutdownWindow();
        builder.Configuration["DcpPublisher:WaitForResourceCleanup"] ??= "true";
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = window + Margin);
        return builder;
    }

    /// <summary>
    /// The service drains for the AppHost's window when stopped (<c>ShutdownTimeoutSeconds</c>, read by ServiceDefaults
    /// into <see cref="HostOptions.ShutdownTimeout"/>).
    /// </summary>
    public static IResourceBuilder<T> WithShutdownWindow<T>(this IResourceBuilder<T> builder) where T : IResourceWithEnvironment =>
        builder.WithEnvironment("ShutdownTimeoutSeconds",
            builder.ApplicationBuilder.ShutdownWindow().TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
