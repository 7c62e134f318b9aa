namespace FunAsr.Data.Database;

/// <summary>
/// Section <c>Database</c>. Without settings the database is <c>funasr.db</c> in the data folder; a connection
/// string <c>ConnectionStrings:funasrdb</c> (what an Aspire PostgreSQL resource named <c>funasrdb</c> supplies)
/// switches to PostgreSQL.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The connection string name shared by every DbContext of the platform.</summary>
    public const string ConnectionName = "funasrdb";

    public const string SqliteFileName = "funasr.db";

    /// <summary>Forces a provider; otherwise inferred from the connection string (none or <c>Data Source=</c>: SQLite).</summary>
    public DatabaseProvider? Provider { get; set; }

    /// <summary>Folder of the SQLite file; default <c>~/.local/share/FunAsr/data</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Apply pending migrations before the service starts listening (every context, in registration order).</summary>
    public bool MigrateAtStart { get; set; } = true;
}
