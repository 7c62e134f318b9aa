using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunAsr.Learning.Compliance.People;

/// <summary>
/// Who training can be assigned to: everyone who has come through the gateway to this service (name, role and
/// department as the gateway vouched for them, refreshed at most every few minutes) and everyone named in an
/// assignment, with the time zone their page reported.
/// </summary>
public sealed class PeopleDirectory(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (DateTime At, string? Name, string Role, string? Department)> _seen = new();

    /// <summary>Records the caller (people only: service keys and demo mode are not trainees).</summary>
    public async Task SeenAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.KeyId is not null && caller.Subject.StartsWith("key:", StringComparison.Ordinal) || caller.Subject == "demo")
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (_seen.TryGetValue(caller.Subject, out var last) && now - last.At < RefreshAfter
            && last.Name == caller.Name && last.Role == caller.Role && last.Department == caller.Department)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == caller.Subject, cancellationToken);
        if (person is null)
        {
            await InsertIfAbsentAsync(db, new Person { Id = caller.Subject, Name = caller.Name, Role = caller.Role, Department = caller.Department, LastSeenAt = now },
                cancellationToken);
            person = await db.People.SingleAsync(p => p.Id == caller.Subject, cancellationToken);
        }
        person.Name = caller.Name;
        person.Role = caller.Role;
        person.Department = caller.Department;
        person.LastSeenAt = now;
        await db.SaveChangesAsync(cancellationToken);
        _seen[caller.Subject] = (now, caller.Name, caller.Role, caller.Department);
    }

    /// <summary>
    /// A person's first requests often arrive together. Each inserts the row, every column as the model maps it, in a
    /// statement that yields to a row already there (<c>ON CONFLICT DO NOTHING</c>, on SQLite and PostgreSQL alike): the
    /// request that loses the race then fails no INSERT, which EF Core would log as an error for an event that is normal.
    /// An assignment to a person not seen yet adds their row the same way, inside its own transaction.
    /// </summary>
    public static Task InsertIfAbsentAsync(ComplianceDbContext db, Person person, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(Person))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = entity.GetProperties().ToList();
        var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
        var values = string.Join(", ", properties.Select((_, i) => $"{{{i}}}"));
        var key = string.Join(", ", entity.FindPrimaryKey()!.Properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
        // The names are the model's, the values parameters. Parameters skip the model's converters; the one it has
        // (times as UTC) would leave this UTC time as it is.
        var statement = FormattableStringFactory.Create(
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({columns}) VALUES ({values}) ON CONFLICT ({key}) DO NOTHING",
            [.. properties.Select(p => p.GetGetter().GetClrValue(person))]);
        return db.Database.ExecuteSqlAsync(statement, cancellationToken);
    }

    public static async Task SetTimeZoneAsync(ComplianceDbContext db, string personId, string timeZone, CancellationToken cancellationToken)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            throw new ComplianceValidationException($"'{timeZone}' is not a time zone this server knows (use an IANA name such as Asia/Shanghai).");
        }
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == personId, cancellationToken) ?? throw new ComplianceNotFoundException($"Person {personId}");
        person.TimeZone = timeZone;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The people an assignment's target covers today.</summary>
    public static IQueryable<Person> Targeted(ComplianceDbContext db, TrainingAssignment assignment)
    {
        var value = assignment.TargetValue;
        switch (assignment.TargetType)
        {
            case Training.TargetTypes.Role:
                // A role includes those above it: a course for employees is a course for everyone.
                var roles = Roles.AtLeast(value);
                return db.People.Where(p => p.Role != null && roles.Contains(p.Role));
            case Training.TargetTypes.Department:
                return db.People.Where(p => p.Department == value);
            default:
                return db.People.Where(p => p.Id == value);
        }
    }
}
