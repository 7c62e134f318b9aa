using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FunAsr.AppHost.Postgres;

namespace FunAsr.AppHost;

/// <summary>A folder every replica of a resource reads and writes; published as one volume mounted into each replica.</summary>
internal sealed record SharedStorageAnnotation(string VolumeName, string MountPath) : IResourceAnnotation;

internal static class ServiceStorage
{
    private const string PublishedMountPath = "/data/jobs";

    /// <summary>
    /// ASR replicas keep an uploaded recording in one folder until whichever replica takes its job reads it, so they must
    /// share it: a folder under the data directory on this machine, a shared volume when published.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSharedJobStorage(this IResourceBuilder<ProjectResource> asr, string dataDirectory)
    {
        if (asr.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return asr.WithAnnotation(new SharedStorageAnnotation($"{asr.Resource.Name}-jobs", PublishedMountPath))
                .WithEnvironment("Asr__Jobs__StoragePath", PublishedMountPath);
        }
        return asr.WithEnvironment("Asr__Jobs__StoragePath", Path.Combine(dataDirectory, "jobs"));
    }

    /// <summary>
    /// The compliance audit's checkpoint file, run here: a folder of its own in the data directory, apart from the
    /// database's, so wiping or restoring the database leaves it. A published deployment points
    /// <c>Compliance__Audit__AnchorDirectory</c> at storage the database's administrators cannot write (docs/compliance.md).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAuditAnchors(this IResourceBuilder<ProjectResource> learning, string dataDirectory) =>
        learning.ApplicationBuilder.ExecutionContext.IsRunMode
            ? learning.WithEnvironment("Compliance__Audit__AnchorDirectory", Path.Combine(dataDirectory, "compliance-anchors"))
            : learning;

    /// <summary>
    /// The gateway's accounts database, by <c>AppHost:Database</c>: <c>sqlite</c> (the default) is a file in the data
    /// directory when run here (FunAsr.Data's default provider), so every AppHost, a test's included, has its own;
    /// <c>postgres</c> adds the database <c>funasrdb</c> (Aspire's PostgreSQL container when a container engine answers or
    /// when published, the machine's PostgreSQL otherwise), whose connection string switches the service to PostgreSQL
    /// (docs/security.md).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAccountsDatabase(this IResourceBuilder<ProjectResource> gateway, string dataDirectory)
    {
        var builder = gateway.ApplicationBuilder;
        switch (builder.Configuration["AppHost:Database"]?.Trim().ToLowerInvariant())
        {
            case null or "" or "sqlite":
                return builder.ExecutionContext.IsRunMode
                    ? gateway.WithEnvironment("Database__DataDirectory", Path.Combine(dataDirectory, "database"))
                    : gateway;
            case "postgres" or "postgresql":
                // One database for every service that keeps its schema there (the gateway's accounts, the learning records).
                var database = builder.AddPlatformDatabase(dataDirectory);
                return gateway.WithReference(database).WaitFor(database);
            case var other:
                throw new InvalidOperationException($"AppHost:Database is '{other}'; use 'sqlite' or 'postgres'.");
        }
    }
}
