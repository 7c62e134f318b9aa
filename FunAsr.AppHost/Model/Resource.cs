namespace FunAsr.AppHost.Model;

/// <summary>A named part of the distributed application: a process the AppHost starts and watches.</summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    /// <summary>Resources whose connection string or endpoints are injected into this one.</summary>
    public List<Resource> References { get; } = [];

    /// <summary>Resources that must be Running and healthy before this one starts.</summary>
    public List<Resource> WaitsFor { get; } = [];

    /// <summary>Extra environment variables, added after the Aspire contract variables.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Environment variables that hold secrets: the variable name → the secret's key in published deployments.</summary>
    public Dictionary<string, string> SecretEnvironment { get; } = new(StringComparer.Ordinal);

    public abstract string TypeName { get; }

    public virtual int Replicas => 1;
}

/// <summary>Debian's redis-server run as a process; the AppHost's stand-in for Aspire's Redis container.</summary>
public sealed class RedisResource(string name) : Resource(name)
{
    public override string TypeName => "Redis";

    /// <summary>Folder for the append-only file; null means the AppHost's data directory.</summary>
    public string? DataDirectory { get; set; }

    public string Password { get; set; } = "";

    /// <summary>Image used only by the publish output.</summary>
    public string Image { get; set; } = "docker.io/library/redis:7.4";
}

/// <summary>A .NET project started from its build output with <c>dotnet &lt;dll&gt;</c>.</summary>
public sealed class ProjectResource(string name, string projectPath) : Resource(name)
{
    public override string TypeName => "Project";

    /// <summary>Absolute path of the .csproj.</summary>
    public string ProjectPath { get; } = projectPath;

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    public string AssemblyName => Path.GetFileNameWithoutExtension(ProjectPath);

    public int ReplicaCount { get; set; } = 1;

    public override int Replicas => ReplicaCount;

    /// <summary>Reachable from outside the application (the only entry point; published as a public Service).</summary>
    public bool ExternalHttpEndpoints { get; set; }

    /// <summary>NVIDIA GPUs each replica requests in the published Kubernetes manifests.</summary>
    public int GpuCount { get; set; }

    /// <summary>Fixed port for the first replica (external endpoints only); 0 picks a free port.</summary>
    public int FixedPort { get; set; }
}
