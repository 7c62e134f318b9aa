using FunAsr.Learning.Compliance.People;
using FunAsr.Security.Authorization;
using FunAsr.Tests.AsrApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunAsr.Tests.Compliance;

/// <summary>The roster training is assigned from: a person's racing first requests record them once, quietly.</summary>
public sealed class PeopleDirectoryTests
{
    [Fact]
    public async Task Racing_first_sightings_of_a_person_record_one_row_and_log_no_error()
    {
        var logs = new LogCollector();
        await using var host = new ComplianceHost(services: services => services.AddSingleton<ILoggerProvider>(logs));
        await AssertRacingFirstSightingsAsync(host, logs);
    }

    /// <summary>
    /// Several first requests of each of a few new people at once (the page opens with several), then a changed
    /// department and someone with none: one row per person with what the gateway vouched for last, and nothing an
    /// operator would read as a fault from the service's first start on (EF Core logs a failed INSERT at error level even
    /// when the directory expects it, and on a fresh PostgreSQL database a read of the not yet created migration history).
    /// </summary>
    internal static async Task AssertRacingFirstSightingsAsync(ComplianceHost host, LogCollector logs)
    {
        _ = host.Address;
        var people = host.Services.GetRequiredService<PeopleDirectory>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(1, 8).Select(i => ComplianceHost.Person($"new-{i}", Roles.Employee, "sales", $"New Person {i}")).ToList();
        var sightings = callers.SelectMany(caller => Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            await people.SeenAsync(caller, CancellationToken.None);
        }))).ToList();
        start.SetResult();
        await Task.WhenAll(sightings);
        await people.SeenAsync(callers[0] with { Department = "support" }, CancellationToken.None);
        await people.SeenAsync(ComplianceHost.Person("new-9", Roles.Content, department: null, name: "New Person 9"), CancellationToken.None);

        var rows = await host.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.Id.StartsWith("new-")).OrderBy(p => p.Id).ToListAsync());
        Assert.Equal([.. callers.Select(c => c.Subject), "new-9"], rows.Select(p => p.Id));
        Assert.All(rows, row => Assert.Equal(("New Person " + row.Id[4..], "UTC"), (row.Name, row.TimeZone)));
        Assert.Equal([.. Enumerable.Repeat(Roles.Employee, 8), Roles.Content], rows.Select(p => p.Role));
        Assert.Equal(["support", .. Enumerable.Repeat("sales", 7), null], rows.Select(p => p.Department));
        Assert.All(rows, row => Assert.InRange(DateTime.UtcNow - row.LastSeenAt, TimeSpan.Zero, TimeSpan.FromMinutes(1)));
        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
