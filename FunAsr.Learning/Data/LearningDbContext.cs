using FunAsr.Learning.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FunAsr.Learning.Data;

/// <summary>
/// The learning schema in the platform's one database: xAPI statements first; knowledge points, quizzes, mastery and
/// reviews join it as they are built. Engine-specific migrations live on the two subclasses in EngineContexts.cs.
/// </summary>
public abstract class LearningDbContext(DbContextOptions options) : DbContext(options)
{
    public const string SchemaName = "learning";

    public DbSet<StoredStatement> Statements => Set<StoredStatement>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<StoredStatement>(statement =>
        {
            statement.HasKey(s => s.Sequence);
            statement.Property(s => s.Sequence).ValueGeneratedOnAdd();
            statement.HasIndex(s => s.Id).IsUnique();
            statement.Property(s => s.ActorKey).HasMaxLength(450);
            statement.Property(s => s.VerbId).HasMaxLength(300);
            statement.Property(s => s.ActivityId).HasMaxLength(500);
            statement.HasIndex(s => new { s.ActorKey, s.Stored });
            statement.HasIndex(s => new { s.VerbId, s.Stored });
            statement.HasIndex(s => s.Stored);
            statement.HasIndex(s => s.VoidedStatementId);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Times are stored as UTC and read back as UTC on both engines (SQLite keeps no kind, PostgreSQL wants UTC).
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
