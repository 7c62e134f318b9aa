using System.Security.Cryptography;
using System.Text;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.People;
using FunAsr.Learning.Compliance.Webhooks;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Training;

/// <summary>
/// Mandatory training: compliance users assign courses; a person completes one by watching the required share of its
/// lecture and passing its quiz (both read from the learning layer's own records) and attesting its text right after
/// re-authenticating.
/// A completion stays valid for the retraining interval, after which the course is due again.
/// </summary>
public sealed class TrainingService(
    ComplianceDbContext db,
    AuditTrail trail,
    WebhookOutbox outbox,
    LearningEvidence evidence,
    ComplianceTelemetry telemetry,
    IOptionsMonitor<ComplianceOptions> options,
    TimeProvider time)
{
    public async Task<AssignmentView> AssignAsync(AssignmentInput input, Caller caller, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.Training;
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            throw new ComplianceValidationException("title is required (at most 200 characters).");
        }
        var lectureId = string.IsNullOrWhiteSpace(input.LectureId) ? null : input.LectureId.Trim();
        var quiz = input.QuizId;
        if (lectureId is null && quiz is null)
        {
            throw new ComplianceValidationException("Give the lecture to watch (lectureId), the quiz to pass (quizId), or both.");
        }
        if (lectureId is { Length: > 128 })
        {
            throw new ComplianceValidationException("lectureId is limited to 128 characters.");
        }
        if (quiz is { } quizId && !await evidence.QuizExistsAsync(quizId, cancellationToken))
        {
            throw new ComplianceValidationException($"quizId {quizId} is not a quiz of the learning layer.");
        }
        var targetType = input.TargetType?.Trim().ToLowerInvariant();
        var targetValue = input.TargetValue?.Trim();
        if (targetType is null || !TargetTypes.All.Contains(targetType) || string.IsNullOrEmpty(targetValue) || targetValue.Length > 450)
        {
            throw new ComplianceValidationException($"targetType must be one of {string.Join(", ", TargetTypes.All)} and targetValue is required.");
        }
        if (targetType == TargetTypes.Role && !Roles.IsKnown(targetValue))
        {
            throw new ComplianceValidationException($"'{targetValue}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }
        if (input.DueAt is not { } due)
        {
            throw new ComplianceValidationException("dueAt is required.");
        }
        if (input.RetrainingDays is < 1 or > 3650)
        {
            throw new ComplianceValidationException("retrainingDays must be between 1 and 3650 (or absent for a course taken once).");
        }
        var share = input.RequiredWatchShare ?? (lectureId is null ? 0 : settings.DefaultWatchShare);
        if (double.IsNaN(share) || share is < 0 or > 1)
        {
            throw new ComplianceValidationException("requiredWatchShare must be between 0 and 1.");
        }
        var text = string.IsNullOrWhiteSpace(input.AttestationText) ? settings.DefaultAttestationText.Replace("{title}", title) : input.AttestationText.Trim();
        if (text.Length > 2000)
        {
            throw new ComplianceValidationException("attestationText is limited to 2000 characters.");
        }

        var actor = AuditActor.Of(caller);
        var assignment = await trail.WriteAsync(db, async batch =>
        {
            var row = new TrainingAssignment
            {
                Id = Guid.NewGuid(), Title = title, LectureId = lectureId, QuizId = quiz, TargetType = targetType, TargetValue = targetValue,
                DueAt = AuditChain.Truncate(due), RetrainingDays = input.RetrainingDays, RequiredWatchShare = share, AttestationText = text,
                CreatedBy = caller.Subject, CreatedAt = batch.Now,
            };
            db.Assignments.Add(row);
            if (targetType == TargetTypes.Person)
            {
                // The person's first request may be adding their row right now: whichever comes second yields.
                await PeopleDirectory.InsertIfAbsentAsync(db, new Person { Id = targetValue, LastSeenAt = batch.Now }, cancellationToken);
            }
            batch.Record(AuditKinds.TrainingAssigned, actor, row.Id.ToString(), new
            {
                row.Title, row.LectureId, row.QuizId, row.TargetType, row.TargetValue, row.DueAt, row.RetrainingDays, row.RequiredWatchShare,
            });
            return row;
        }, cancellationToken);
        return (await ViewsAsync([assignment], cancellationToken))[0];
    }

    public Task WithdrawAsync(Guid id, Caller caller, CancellationToken cancellationToken) =>
        trail.WriteAsync(db, async batch =>
        {
            var row = await db.Assignments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new ComplianceNotFoundException($"Assignment {id}");
            if (row.WithdrawnAt is not null)
            {
                return;
            }
            row.WithdrawnAt = batch.Now;
            row.WithdrawnBy = caller.Subject;
            batch.Record(AuditKinds.TrainingWithdrawn, AuditActor.Of(caller), row.Id.ToString(), new { row.Title });
        }, cancellationToken);

    public async Task<IReadOnlyList<AssignmentView>> ListAsync(CancellationToken cancellationToken) =>
        await ViewsAsync(await db.Assignments.AsNoTracking().OrderByDescending(a => a.CreatedAt).ToListAsync(cancellationToken), cancellationToken);

    /// <summary>The courses assigned to the caller (by role, department or name), with where they stand.</summary>
    public async Task<IReadOnlyList<MyCourse>> MineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var assignments = await ApplicableAsync(caller, cancellationToken);
        var courses = new List<MyCourse>(assignments.Count);
        foreach (var assignment in assignments)
        {
            courses.Add(await CourseAsync(assignment, caller.Subject, cancellationToken));
        }
        return courses.OrderBy(c => c.Status == TrainingStatus.Completed).ThenBy(c => c.DueAt).ToList();
    }

    /// <summary>
    /// Attests the course's text and completes it, issuing the certificate, when the caller re-authenticated within
    /// <see cref="AttestationOptions.MaxAuthenticationAge"/>, watched enough and passed the quiz.
    /// </summary>
    public async Task<CompletionView> AttestAsync(Guid assignmentId, AttestRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var maxAge = options.CurrentValue.Attestation.MaxAuthenticationAge;
        var now = time.GetUtcNow();
        if (caller.AuthMethod is not ("password" or "sso") || caller.AuthenticatedAt is not { } authenticatedAt || now - authenticatedAt > maxAge
            || authenticatedAt > now + TimeSpan.FromMinutes(1))
        {
            throw new ReauthenticationRequiredException(
                $"Attesting needs a fresh sign-in: enter your password again (or sign in again with single sign-on) and attest within {maxAge.TotalMinutes:0} minutes.");
        }
        var assignment = await ForCallerAsync(assignmentId, caller, cancellationToken);
        var course = await CourseAsync(assignment, caller.Subject, cancellationToken);
        if (course.Status == TrainingStatus.Completed)
        {
            throw new ComplianceConflictException($"You completed \"{assignment.Title}\" on {course.CompletedAt:yyyy-MM-dd}; it is valid until {course.ValidUntil?.ToString("yyyy-MM-dd") ?? "it is withdrawn"}.", "already_completed");
        }
        if (request.Text?.Trim() != assignment.AttestationText)
        {
            throw new ComplianceValidationException("The attested text must be exactly the course's attestation text, as shown.");
        }
        if (!course.ReadyToAttest)
        {
            var missing = new List<string>();
            if (course.WatchedShare < course.RequiredWatchShare) missing.Add($"watch at least {course.RequiredWatchShare:P0} of the lecture (so far {course.WatchedShare:P0})");
            if (course.QuizRequired && !course.QuizPassed) missing.Add("pass the quiz");
            throw new ComplianceConflictException("Before attesting, " + string.Join(" and ", missing) + ".", "not_ready");
        }

        var actor = AuditActor.Of(caller);
        var completion = await trail.WriteAsync(db, async batch =>
        {
            var attestation = new Attestation
            {
                Id = Guid.NewGuid(), AssignmentId = assignment.Id, PersonId = caller.Subject, PersonName = caller.Name ?? caller.Subject, At = batch.Now,
                Text = assignment.AttestationText, TextHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(assignment.AttestationText))),
                AuthMethod = caller.AuthMethod!, AuthenticatedAt = AuditChain.Truncate(authenticatedAt),
            };
            var row = new Completion
            {
                Id = Guid.NewGuid(), CertificateId = NewCertificateId(), AssignmentId = assignment.Id, CourseTitle = assignment.Title,
                PersonId = caller.Subject, PersonName = attestation.PersonName, Department = caller.Department, CompletedAt = batch.Now,
                ValidUntil = assignment.RetrainingDays is { } days ? batch.Now.AddDays(days) : null,
                WatchedShare = course.WatchedShare, QuizScore = course.QuizScore, AttestationId = attestation.Id,
            };
            db.Attestations.Add(attestation);
            db.Completions.Add(row);
            batch.Record(AuditKinds.TrainingAttested, actor, attestation.Id.ToString(), new
            {
                assignment = assignment.Id, assignment.Title, attestation.Text, attestation.TextHash, attestation.AuthMethod, attestation.AuthenticatedAt,
            });
            batch.Record(AuditKinds.TrainingCompleted, actor, row.CertificateId, new
            {
                assignment = assignment.Id, assignment.Title, row.WatchedShare, row.QuizScore, row.ValidUntil, attestation = attestation.Id,
            });
            var view = new CompletionView(assignment.Id, row.CertificateId, row.CourseTitle, row.PersonName, row.CompletedAt, row.ValidUntil,
                row.WatchedShare, row.QuizScore, attestation.Text, attestation.At, attestation.AuthMethod);
            outbox.Enqueue(db, WebhookEvents.TrainingCompleted, batch.Now, new
            {
                view.AssignmentId, view.CertificateId, view.CourseTitle, personId = caller.Subject, view.PersonName, department = caller.Department,
                view.CompletedAt, view.ValidUntil,
            });
            return view;
        }, cancellationToken);
        telemetry.Completions.Add(1);
        return completion;
    }

    public async Task<IReadOnlyList<ReminderView>> RemindersAsync(Caller caller, CancellationToken cancellationToken)
    {
        var rows = await db.Reminders.AsNoTracking().Where(r => r.PersonId == caller.Subject).OrderByDescending(r => r.SentAt).Take(100)
            .Join(db.Assignments, r => r.AssignmentId, a => a.Id, (r, a) => new { r, a.Title }).ToListAsync(cancellationToken);
        return rows.Select(x => new ReminderView(x.r.Id, x.r.AssignmentId, x.Title, x.r.Stage, x.r.DueAt, x.r.SentAt, x.r.ReadAt)).ToList();
    }

    public async Task MarkReminderReadAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var updated = await db.Reminders.Where(r => r.Id == id && r.PersonId == caller.Subject && r.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReadAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        if (updated == 0 && !await db.Reminders.AnyAsync(r => r.Id == id && r.PersonId == caller.Subject, cancellationToken))
        {
            throw new ComplianceNotFoundException($"Reminder {id}");
        }
    }

    /// <summary>A person's standing on one course in its current cycle.</summary>
    public async Task<MyCourse> CourseAsync(TrainingAssignment assignment, string personId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var last = await db.Completions.AsNoTracking().Where(c => c.AssignmentId == assignment.Id && c.PersonId == personId && c.RevokedAt == null)
            .OrderByDescending(c => c.CompletedAt).FirstOrDefaultAsync(cancellationToken);
        if (last is not null && (last.ValidUntil is null || last.ValidUntil > now))
        {
            return new MyCourse(assignment.Id, assignment.Title, assignment.LectureId, assignment.QuizId, last.ValidUntil ?? assignment.DueAt,
                TrainingStatus.Completed, assignment.RequiredWatchShare, last.WatchedShare, assignment.QuizId is not null, assignment.QuizId is not null,
                last.QuizScore, false, assignment.AttestationText, last.CertificateId, last.CompletedAt, last.ValidUntil);
        }
        // A retraining cycle starts when the last completion was made; evidence from before it does not count.
        var cycleStart = last?.CompletedAt ?? DateTime.MinValue;
        var due = last?.ValidUntil ?? assignment.DueAt;
        var watched = assignment.LectureId is null ? 0 : (await evidence.WatchedAsync(personId, assignment.LectureId, cycleStart, cancellationToken)).Share;
        var quiz = assignment.QuizId is not { } quizId
            ? new LearningEvidence.QuizResult(true, null, null)
            : await evidence.QuizAsync(personId, quizId, cycleStart, cancellationToken);
        var ready = (assignment.LectureId is null || watched >= assignment.RequiredWatchShare) && quiz.Passed && assignment.WithdrawnAt is null;
        var status = now > due ? TrainingStatus.Overdue
            : (assignment.LectureId is not null && watched > 0) || (assignment.QuizId is not null && quiz.Passed) ? TrainingStatus.InProgress
            : TrainingStatus.NotStarted;
        return new MyCourse(assignment.Id, assignment.Title, assignment.LectureId, assignment.QuizId, due, status, assignment.RequiredWatchShare,
            watched, assignment.QuizId is not null, assignment.QuizId is not null && quiz.Passed, quiz.Score,
            ready, assignment.AttestationText, null, null, null);
    }

    public static bool Applies(TrainingAssignment assignment, Caller caller) => assignment.TargetType switch
    {
        TargetTypes.Role => caller.IsAtLeast(assignment.TargetValue),
        TargetTypes.Department => caller.Department is not null && string.Equals(caller.Department, assignment.TargetValue, StringComparison.OrdinalIgnoreCase),
        _ => caller.Subject == assignment.TargetValue,
    };

    private async Task<List<TrainingAssignment>> ApplicableAsync(Caller caller, CancellationToken cancellationToken)
    {
        var active = await db.Assignments.AsNoTracking().Where(a => a.WithdrawnAt == null).ToListAsync(cancellationToken);
        return active.Where(a => Applies(a, caller)).ToList();
    }

    private async Task<TrainingAssignment> ForCallerAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var assignment = await db.Assignments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.WithdrawnAt == null, cancellationToken);
        return assignment is not null && Applies(assignment, caller) ? assignment : throw new ComplianceNotFoundException($"Course {id}");
    }

    private async Task<List<AssignmentView>> ViewsAsync(IReadOnlyList<TrainingAssignment> assignments, CancellationToken cancellationToken)
    {
        var views = new List<AssignmentView>(assignments.Count);
        foreach (var assignment in assignments)
        {
            var people = await PeopleDirectory.Targeted(db, assignment).Select(p => p.Id).ToListAsync(cancellationToken);
            int completed = 0, overdue = 0;
            foreach (var person in people)
            {
                var course = await CourseAsync(assignment, person, cancellationToken);
                if (course.Status == TrainingStatus.Completed) completed++;
                else if (course.Status == TrainingStatus.Overdue) overdue++;
            }
            views.Add(new AssignmentView(assignment.Id, assignment.Title, assignment.LectureId, assignment.QuizId, assignment.TargetType,
                assignment.TargetValue, assignment.DueAt, assignment.RetrainingDays, assignment.RequiredWatchShare, assignment.AttestationText,
                assignment.CreatedBy, assignment.CreatedAt, assignment.WithdrawnAt, people.Count, completed, overdue));
        }
        return views;
    }

    // 96 random bits as 24 hex digits: unguessable, so the public verification page cannot be walked.
    private static string NewCertificateId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
