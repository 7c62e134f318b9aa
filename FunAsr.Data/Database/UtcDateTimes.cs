using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FunAsr.Data.Database;

/// <summary>The platform's one rule for times in every database it keeps.</summary>
public static class UtcDateTimes
{
    /// <summary>
    /// Times are stored as UTC and read back as UTC on both engines (SQLite keeps no kind, PostgreSQL wants UTC); a
    /// context calls it from <c>ConfigureConventions</c>.
    /// </summary>
    public static ModelConfigurationBuilder StoreDateTimesAsUtc(this ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        return configuration;
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
