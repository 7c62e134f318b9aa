namespace FunAsr.AppHost.Model;

/// <summary>Fluent handle on one resource, the shape of Aspire's <c>IResourceBuilder&lt;T&gt;</c>.</summary>
public sealed class ResourceBuilder<T>(T resource) where T : Resource
{
    public T Resource { get; } = resource;

    public ResourceBuilder<T> WithReference<TOther>(ResourceBuilder<TOther> other) where TOther : Resource
    {
        if (!Resource.References.Contains(other.Resource))
        {
            Resource.References.Add(other.Resource);
        }
        return this;
    }

    public ResourceBuilder<T> WaitFor<TOther>(ResourceBuilder<TOther> other) where TOther : Resource
    {
        if (ReferenceEquals(other.Resource, Resource))
        {
            throw new InvalidOperationException($"Resource '{Resource.Name}' cannot wait for itself.");
        }
        if (!Resource.WaitsFor.Contains(other.Resource))
        {
            Resource.WaitsFor.Add(other.Resource);
        }
        return this;
    }

    public ResourceBuilder<T> WithEnvironment(string name, string value)
    {
        Resource.Environment[name] = value;
        return this;
    }

    /// <summary>A secret variable: <paramref name="runValue"/> when run locally, a reference to <paramref name="secretKey"/> when published.</summary>
    public ResourceBuilder<T> WithSecretEnvironment(string name, string secretKey, string runValue)
    {
        Resource.Environment[name] = runValue;
        Resource.SecretEnvironment[name] = secretKey;
        return this;
    }
}

public static class ResourceBuilderExtensions
{
    public static ResourceBuilder<ProjectResource> WithReplicas(this ResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.ReplicaCount = replicas;
        return builder;
    }

    public static ResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this ResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.ExternalHttpEndpoints = true;
        return builder;
    }

    /// <summary>Requests NVIDIA GPUs in the published manifests (0 = none); the local run is unaffected.</summary>
    public static ResourceBuilder<ProjectResource> WithGpus(this ResourceBuilder<ProjectResource> builder, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        builder.Resource.GpuCount = count;
        return builder;
    }

    public static ResourceBuilder<ProjectResource> WithHttpPort(this ResourceBuilder<ProjectResource> builder, int port)
    {
        builder.Resource.FixedPort = port;
        return builder;
    }

    public static ResourceBuilder<RedisResource> WithDataDirectory(this ResourceBuilder<RedisResource> builder, string path)
    {
        builder.Resource.DataDirectory = path;
        return builder;
    }
}
