using Microsoft.Extensions.Configuration;

namespace FunAsr.Data.Database;

/// <summary>Which engine and which connection string this process uses, decided once from configuration.</summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseConnection Resolve(IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionName);
        var provider = options.Provider ?? (string.IsNullOrWhiteSpace(configured) || LooksLikeSqlite(configured)
            ? DatabaseProvider.Sqlite
            : DatabaseProvider.PostgreSql);

        if (provider == DatabaseProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException(
                    $"Database:Provider is PostgreSql but ConnectionStrings:{DatabaseOptions.ConnectionName} is not set. " +
                    $"Set ConnectionStrings__{DatabaseOptions.ConnectionName} (Host=...;Database=...;Username=...;Password=...).");
            }
            return new DatabaseConnection(provider, configured);
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DatabaseConnection(provider, configured);
        }
        var folder = DataDirectory(configuration);
        Directory.CreateDirectory(folder);
        return new DatabaseConnection(provider, $"Data Source={Path.Combine(folder, DatabaseOptions.SqliteFileName)}");
    }

    private static bool LooksLikeSqlite(string connectionString) =>
        connectionString.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
        || connectionString.TrimStart().StartsWith("DataSource=", StringComparison.OrdinalIgnoreCase)
        || connectionString.TrimStart().StartsWith("Filename=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The service's data folder (<c>Database:DataDirectory</c>, default <c>~/.local/share/FunAsr/data</c>), whatever the engine.</summary>
    public static string DataDirectory(IConfiguration configuration) => Path.GetFullPath(
        configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.DataDirectory)}"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "FunAsr", "data"));
}
