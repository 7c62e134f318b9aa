using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The shutdown window every service drains in: <c>ShutdownTimeoutSeconds</c> (default 30; the AppHost sets it for the
/// services it starts) becomes <see cref="HostOptions.ShutdownTimeout"/>. On SIGTERM the host signals
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/> (background consumers stop taking work and hand back what
/// they hold), Kestrel stops accepting connections and waits for in-flight requests (live sessions end themselves), and
/// whatever is still running when the window closes is abandoned. Both ends are logged, with how long the drain took.
/// </summary>
internal static class GracefulShutdown
{
    public const string TimeoutKey = "ShutdownTimeoutSeconds";
    public const double DefaultTimeoutSeconds = 30;

    public static void AddGracefulShutdown(this IHostApplicationBuilder builder)
    {
        var seconds = builder.Configuration.GetValue(TimeoutKey, DefaultTimeoutSeconds);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(seconds));
        builder.Services.AddHostedService<ShutdownReporter>();
    }

    /// <summary>Says when draining starts and how long it took, so an operator can size the window.</summary>
    private sealed class ShutdownReporter(IHostApplicationLifetime lifetime, IOptions<HostOptions> host, ILogger<ShutdownReporter> logger) : IHostedService
    {
        private long _stoppingAt;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopping.Register(() =>
            {
                _stoppingAt = Stopwatch.GetTimestamp();
                logger.LogInformation("Stopping: no new work is taken; in-flight requests and sessions drain for up to {Window:0.#} s",
                    host.Value.ShutdownTimeout.TotalSeconds);
            });
            lifetime.ApplicationStopped.Register(() => logger.LogInformation("Stopped after draining for {Elapsed:0.0} s",
                Stopwatch.GetElapsedTime(_stoppingAt).TotalSeconds));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
