namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// PostgreSQL run from the machine's own server binaries, for machines without a container runtime. Shaped like Aspire's
/// container <c>PostgresServerResource</c> (whose name it cannot take): the connection string is
/// <c>Host=…;Port=…;Username=postgres;Password=…</c>, and its databases are child resources.
/// </summary>
public sealed class PostgresExecutableResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser initdb creates, as in Aspire's container.</summary>
    public const string UserName = "postgres";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The cluster (initdb's data directory); it outlives the AppHost.</summary>
    public string DataDirectory => WorkingDirectory;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}
