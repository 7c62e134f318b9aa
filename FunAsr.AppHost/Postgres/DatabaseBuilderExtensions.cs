using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace FunAsr.AppHost.Postgres;

internal static class DatabaseBuilderExtensions
{
    /// <summary>The connection string name every service's PostgreSQL switch reads (FunAsr.Data's DatabaseOptions.ConnectionName).</summary>
    public const string DatabaseName = "funasrdb";

    /// <summary>
    /// The platform's one PostgreSQL database, added by the first service that asks and shared by the rest: Aspire's
    /// <c>AddPostgres</c> (a container with a data volume) where a container engine answers and whenever the model is
    /// published; otherwise the machine's PostgreSQL. <c>AppHost:Postgres=container|executable</c> overrides the choice.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPlatformDatabase(this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        if (builder.Resources.OfType<IResourceWithConnectionString>().FirstOrDefault(r => r.Name == DatabaseName) is { } existing)
        {
            return builder.CreateResourceBuilder(existing);
        }
        if (!ContainerRuntime.RunsAsContainer(builder, "AppHost:Postgres"))
        {
            return builder.AddPostgresServer("postgres", Path.Combine(dataDirectory, "postgres")).AddDatabase(DatabaseName);
        }
        return builder.AddPostgres("postgres").WithDataVolume().AddDatabase(DatabaseName);
    }
}
