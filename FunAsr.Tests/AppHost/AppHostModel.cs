using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FunAsr.Tests.AppHost;

/// <summary>The AppHost's application model, built without starting anything, and what it gives a resource.</summary>
internal static class AppHostModel
{
    /// <summary>The model with a data folder of its own (nothing is written to the user's) and these arguments.</summary>
    public static async Task<IDistributedApplicationTestingBuilder> BuildAsync(params string[] args)
    {
        var data = Path.Combine(Path.GetTempPath(), "funasr-model-" + Guid.NewGuid().ToString("N"));
        return await DistributedApplicationTestingBuilder.CreateAsync<Projects.FunAsr_AppHost>([$"--AppHost:DataDirectory={data}", .. args]);
    }

    /// <summary>The environment the resource would start with in run mode, as its callbacks set it (strings, parameters, expressions).</summary>
    public static async Task<Dictionary<string, object>> EnvironmentOf(IResource resource)
    {
        var values = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, values);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return values;
    }
}
