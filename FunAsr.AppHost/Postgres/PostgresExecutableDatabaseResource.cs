namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A database on a <see cref="PostgresExecutableResource"/>, like Aspire's <c>PostgresDatabaseResource</c>:
/// <c>WithReference</c> injects <c>ConnectionStrings__{name}</c> as the server's connection string with <c>;Database=…</c>.
/// The server creates it once it answers; only then is it Running.
/// </summary>
public sealed class PostgresExecutableDatabaseResource(string name, string databaseName, PostgresExecutableResource parent)
    : Resource(name), IResourceWithParent<PostgresExecutableResource>, IResourceWithConnectionString
{
    public PostgresExecutableResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
