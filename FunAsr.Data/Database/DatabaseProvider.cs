namespace FunAsr.Data.Database;

/// <summary>The relational engines the platform's database runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>A file in the data folder: nothing to install, one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: what several gateway replicas or a cluster share.</summary>
    PostgreSql,
}
