namespace FunAsr.AppHost.Publish;

/// <summary>Part of a published value: text as written, or a reference to a deployment secret.</summary>
internal abstract record ValuePart;

internal sealed record Literal(string Text) : ValuePart;

/// <param name="Key">The secret's key (<c>CACHE_PASSWORD</c>): a variable in <c>.env</c>, a key of the Kubernetes Secret.</param>
internal sealed record SecretReference(string Key) : ValuePart;

/// <summary>A value as a sequence of literals and secret references, e.g. <c>cache:6379,password=</c> + CACHE_PASSWORD.</summary>
internal sealed record DeployedValue(IReadOnlyList<ValuePart> Parts)
{
    public static DeployedValue Of(string text) => new([new Literal(text)]);

    /// <summary>The single secret this value consists of, if that is all it is.</summary>
    public string? WholeSecret => Parts is [SecretReference only] ? only.Key : null;

    public IEnumerable<string> Secrets => Parts.OfType<SecretReference>().Select(s => s.Key);
}

internal sealed record DeployedVolume(string Name, string MountPath, bool SharedByReplicas);

/// <summary>One service of the deployment, as both writers need it.</summary>
internal sealed record DeployedService
{
    public required string Name { get; init; }
    /// <summary>An image to pull, or null when the service is built from <see cref="Dockerfile"/>.</summary>
    public string? Image { get; init; }
    /// <summary>Relative to the repository root, the build context of every project image.</summary>
    public string? Dockerfile { get; init; }
    public string? Entrypoint { get; init; }
    public IReadOnlyList<DeployedValue> Args { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, DeployedValue>> Environment { get; init; } = [];
    public required string Scheme { get; init; }
    /// <summary>The port the service listens on inside its container.</summary>
    public required int Port { get; init; }
    /// <summary>Reachable from outside the deployment (the gateway only), on <see cref="ExternalPort"/>.</summary>
    public bool External { get; init; }
    public int? ExternalPort { get; init; }
    public int Replicas { get; init; } = 1;
    public int Gpus { get; init; }
    public IReadOnlyList<DeployedVolume> Volumes { get; init; } = [];
    /// <summary>Services it needs started, with whether it must be healthy first (Aspire's <c>WaitFor</c>).</summary>
    public IReadOnlyDictionary<string, bool> DependsOn { get; init; } = new Dictionary<string, bool>();
    /// <summary>ServiceDefaults' probes (every project here maps them); null for containers.</summary>
    public bool HasHealthEndpoints => Dockerfile is not null;
}

/// <summary>A secret the deployment needs, with a freshly generated value to start from.</summary>
internal sealed record DeploymentSecret(string Key, string Value);

internal sealed record Deployment(IReadOnlyList<DeployedService> Services, IReadOnlyList<DeploymentSecret> Secrets, string BuildContext);
