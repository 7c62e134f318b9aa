using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.People;
using FunAsr.Learning.Compliance.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Training;

/// <summary>
/// Reminds people of courses due soon and overdue: once per course, cycle and stage, only during the working hours
/// of the person's own time zone, on the page (their reminder list) and to webhook receivers (a mailer can send it on).
/// </summary>
public sealed class ReminderSender(ComplianceDbContext db, TrainingService training, WebhookOutbox outbox, ComplianceTelemetry telemetry,
    IOptionsMonitor<ComplianceOptions> options, TimeProvider time)
{
    public const string DueSoon = "due-soon";
    public const string Overdue = "overdue";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.reminders.run");
        var settings = options.CurrentValue.Reminders;
        var now = time.GetUtcNow();
        var sent = 0;
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.WithdrawnAt == null).ToListAsync(cancellationToken);
        foreach (var assignment in assignments)
        {
            var people = await PeopleDirectory.Targeted(db, assignment).AsNoTracking().ToListAsync(cancellationToken);
            foreach (var person in people)
            {
                var local = TimeZoneInfo.ConvertTime(now, Zone(person.TimeZone));
                if (local.Hour < settings.SendFromHour || local.Hour >= settings.SendUntilHour)
                {
                    continue;
                }
                var course = await training.CourseAsync(assignment, person.Id, cancellationToken);
                if (course.Status == TrainingStatus.Completed)
                {
                    continue;
                }
                var stage = now.UtcDateTime >= course.DueAt ? Overdue
                    : course.DueAt - now.UtcDateTime <= TimeSpan.FromDays(settings.DueSoonDays) ? DueSoon
                    : null;
                if (stage is null || await db.Reminders.AnyAsync(r => r.AssignmentId == assignment.Id && r.PersonId == person.Id && r.DueAt == course.DueAt && r.Stage == stage, cancellationToken))
                {
                    continue;
                }
                var reminder = new Reminder { Id = Guid.NewGuid(), AssignmentId = assignment.Id, PersonId = person.Id, Stage = stage, DueAt = course.DueAt, SentAt = now.UtcDateTime };
                db.Reminders.Add(reminder);
                outbox.Enqueue(db, WebhookEvents.TrainingReminder, now.UtcDateTime, new
                {
                    reminder.Id, stage, personId = person.Id, personName = person.Name, person.Department, person.TimeZone, course = assignment.Title,
                    assignmentId = assignment.Id, dueAt = course.DueAt, dueLocal = TimeZoneInfo.ConvertTime(new DateTimeOffset(course.DueAt, TimeSpan.Zero), Zone(person.TimeZone)),
                });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    sent++;
                    telemetry.RemindersSent.Add(1, new KeyValuePair<string, object?>("stage", stage));
                }
                catch (DbUpdateException)
                {
                    // Another replica sent this one a moment ago.
                    db.ChangeTracker.Clear();
                }
            }
        }
        span?.SetTag("compliance.reminders.sent", sent);
        return sent;
    }

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
