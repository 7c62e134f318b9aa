using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.People;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Training;

public sealed record TimeZoneRequest(string? TimeZone);

public sealed record PersonView(string Id, string? Name, string? Role, string? Department, string TimeZone, DateTime LastSeenAt);

/// <summary>
/// <c>/api/compliance/assignments</c> (compliance users assign and withdraw courses) and <c>/api/compliance/me/…</c>
/// (everyone: what is due, attesting, reminders, time zone; playback is reported to the learning layer's
/// <c>/api/learning/progress</c>, quizzes are taken at <c>/api/learning/quizzes</c>).
/// </summary>
public static class TrainingEndpoints
{
    public static RouteGroupBuilder MapTrainingEndpoints(this RouteGroupBuilder compliance)
    {
        var assignments = compliance.MapGroup("/assignments").RequireRole(Roles.Admin);
        assignments.MapGet("/", ListAsync);
        assignments.MapPost("/", AssignAsync);
        assignments.MapDelete("/{id:guid}", WithdrawAsync);
        compliance.MapGet("/people", PeopleAsync).RequireRole(Roles.Admin);

        var me = compliance.MapGroup("/me");
        me.MapGet("/training", MineAsync);
        me.MapPost("/training/{id:guid}/attest", AttestAsync);
        me.MapGet("/reminders", RemindersAsync);
        me.MapPost("/reminders/{id:guid}/read", ReadAsync);
        me.MapPut("/timezone", TimeZoneAsync);
        return compliance;
    }

    private static Caller Me(HttpContext context) => Caller.From(context.User)!;

    private static async Task<Ok<IReadOnlyList<AssignmentView>>> ListAsync(TrainingService training, CancellationToken cancellationToken) =>
        TypedResults.Ok(await training.ListAsync(cancellationToken));

    private static async Task<Created<AssignmentView>> AssignAsync(AssignmentInput input, TrainingService training, HttpContext context, CancellationToken cancellationToken)
    {
        var assignment = await training.AssignAsync(input, Me(context), cancellationToken);
        return TypedResults.Created($"/api/compliance/assignments/{assignment.Id}", assignment);
    }

    private static async Task<NoContent> WithdrawAsync(Guid id, TrainingService training, HttpContext context, CancellationToken cancellationToken)
    {
        await training.WithdrawAsync(id, Me(context), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<PersonView>>> PeopleAsync(ComplianceDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.People.AsNoTracking().OrderBy(p => p.Department).ThenBy(p => p.Name)
            .Select(p => new PersonView(p.Id, p.Name, p.Role, p.Department, p.TimeZone, p.LastSeenAt)).ToListAsync(cancellationToken));

    private static async Task<Ok<IReadOnlyList<MyCourse>>> MineAsync(TrainingService training, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await training.MineAsync(Me(context), cancellationToken));

    private static async Task<Ok<CompletionView>> AttestAsync(Guid id, AttestRequest request, TrainingService training, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await training.AttestAsync(id, request, Me(context), cancellationToken));

    private static async Task<Ok<IReadOnlyList<ReminderView>>> RemindersAsync(TrainingService training, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await training.RemindersAsync(Me(context), cancellationToken));

    private static async Task<NoContent> ReadAsync(Guid id, TrainingService training, HttpContext context, CancellationToken cancellationToken)
    {
        await training.MarkReminderReadAsync(id, Me(context), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> TimeZoneAsync(TimeZoneRequest request, ComplianceDbContext db, PeopleDirectory people, HttpContext context,
        CancellationToken cancellationToken)
    {
        var caller = Me(context);
        await people.SeenAsync(caller, cancellationToken);
        await PeopleDirectory.SetTimeZoneAsync(db, caller.Subject, request.TimeZone?.Trim() ?? "", cancellationToken);
        return TypedResults.NoContent();
    }
}
