using FunAsr.Data.Accounts;
using FunAsr.Data.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;

namespace FunAsr.Tests.Data;

public sealed class DatabaseTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Without_settings_the_database_is_a_sqlite_file_in_the_data_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"funasr-data-{Guid.NewGuid():N}");
        try
        {
            var connection = DatabaseConnection.Resolve(Configuration(("Database:DataDirectory", folder)));
            Assert.Equal(DatabaseProvider.Sqlite, connection.Provider);
            Assert.Equal($"Data Source={Path.Combine(folder, "funasr.db")}", connection.ConnectionString);
            Assert.True(Directory.Exists(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_connection_string_switches_to_postgresql_and_a_sqlite_one_stays_sqlite()
    {
        var postgres = DatabaseConnection.Resolve(Configuration(("ConnectionStrings:funasrdb", "Host=db;Database=funasr;Username=u;Password=p")));
        Assert.Equal(DatabaseProvider.PostgreSql, postgres.Provider);
        var sqlite = DatabaseConnection.Resolve(Configuration(("ConnectionStrings:funasrdb", "Data Source=/srv/funasr.db")));
        Assert.Equal((DatabaseProvider.Sqlite, "Data Source=/srv/funasr.db"), (sqlite.Provider, sqlite.ConnectionString));
    }

    [Fact]
    public void Asking_for_postgresql_without_a_connection_string_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseConnection.Resolve(Configuration(("Database:Provider", "PostgreSql"))));
        Assert.Contains("ConnectionStrings__funasrdb", error.Message);
    }

    public static TheoryData<string> Engines => ["sqlite", "postgresql"];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Each_engines_migrations_describe_the_current_model(string engine)
    {
        using DbContext db = engine == "sqlite"
            ? ((IDesignTimeDbContextFactory<SqliteAccountsDbContext>)Activator.CreateInstance(typeof(SqliteAccountsDbContext).Assembly.GetType("FunAsr.Data.Accounts.SqliteAccountsDesignFactory")!, true)!).CreateDbContext([])
            : ((IDesignTimeDbContextFactory<PostgreSqlAccountsDbContext>)Activator.CreateInstance(typeof(PostgreSqlAccountsDbContext).Assembly.GetType("FunAsr.Data.Accounts.PostgreSqlAccountsDesignFactory")!, true)!).CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), $"the {engine} migrations are behind the model: add a migration for it");
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_AuditAppendOnly"));
    }

    [Fact]
    public async Task Migrating_a_new_sqlite_file_creates_the_schema_with_the_three_roles()
    {
        var file = Path.Combine(Path.GetTempPath(), $"funasr-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteAccountsDbContext>()
                .UseSqlite($"Data Source={file}", sqlite => sqlite.MigrationsHistoryTable("__accounts_migrations")).Options;
            await using (var db = new SqliteAccountsDbContext(options))
            {
                await db.Database.MigrateAsync();
                Assert.Equal(["admin", "content", "employee"], await db.Roles.Select(r => r.Name!).OrderBy(n => n).ToArrayAsync());
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            }
            Assert.True(File.Exists(file));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
