using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FunAsr.AppHost.Supervision;

/// <summary>Marks a resource whose replicas are started again when their process dies on its own.</summary>
internal sealed class RestartOnCrashAnnotation : IResourceAnnotation;

internal static class RestartOnCrashExtensions
{
    /// <summary>
    /// A replica that exits with a non-zero code while the AppHost runs (a crash, an out-of-memory kill) is started again
    /// through Aspire's own restart command, with back-off when it keeps dying. A clean exit (the dashboard's Stop, a
    /// graceful shutdown) is left alone.
    /// </summary>
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        if (builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            builder.WithAnnotation(new RestartOnCrashAnnotation());
            builder.ApplicationBuilder.Services.TryAddSingleton(TimeProvider.System);
            builder.ApplicationBuilder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CrashRestarter>());
        }
        return builder;
    }
}
