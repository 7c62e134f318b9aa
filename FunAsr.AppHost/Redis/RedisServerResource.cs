namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Redis run from the machine's own <c>redis-server</c>, for machines without a container runtime. Shaped like Aspire's
/// container <c>RedisResource</c>: <c>WithReference</c> injects <c>ConnectionStrings__{name}</c> as
/// <c>host:port,password=…</c>, and <c>WaitFor</c> waits for its PING health check.
/// </summary>
public sealed class RedisServerResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The append-only file and the generated <c>redis.conf</c> live here; it outlives the AppHost.</summary>
    public string DataDirectory => WorkingDirectory;

    public string ConfigurationFile => Path.Combine(DataDirectory, "redis.conf");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}
