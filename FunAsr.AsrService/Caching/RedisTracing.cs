using System.Diagnostics;
using FunAsr.AsrService.Telemetry;

namespace FunAsr.AsrService.Caching;

/// <summary>
/// Client spans around Redis commands, named and tagged per OpenTelemetry's database conventions. Only commands inside a
/// traced operation (a request, a job) get a span: the job workers' idle polling would otherwise fill the dashboard's
/// trace store with one-span traces several times a second per replica.
/// </summary>
public static class RedisTracing
{
    public static Activity? Start(string operation, string key)
    {
        if (Activity.Current is null)
        {
            return null;
        }

        var activity = AsrTelemetry.ActivitySource.StartActivity($"redis {operation}", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.collection.name", key);
        }
        return activity;
    }

    public static void Fail(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.AddException(exception);
    }
}
