using FunAsr.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Data;

/// <summary>
/// The compliance schema in the platform's one database, beside the learning schema: the hash-chained audit trail,
/// the tenant's listed terms, alerts, the webhook outbox, mandatory training (watching and quizzes are the learning
/// schema's, read from there), reports and retention. Tables carry a
/// <c>Compliance</c> prefix (SQLite has no schemas). Engine-specific migrations live on the subclasses in EngineContexts.cs.
/// </summary>
public abstract class ComplianceDbContext(DbContextOptions options) : DbContext(options)
{
    public const string SchemaName = "compliance";

    public DbSet<AuditRecord> AuditTrail => Set<AuditRecord>();
    public DbSet<ListedTermRow> Terms => Set<ListedTermRow>();
    public DbSet<AlertRow> Alerts => Set<AlertRow>();
    public DbSet<WebhookDelivery> Outbox => Set<WebhookDelivery>();
    public DbSet<TrainingAssignment> Assignments => Set<TrainingAssignment>();
    public DbSet<Attestation> Attestations => Set<Attestation>();
    public DbSet<Completion> Completions => Set<Completion>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<StoredReport> Reports => Set<StoredReport>();
    public DbSet<ReportSchedule> ReportSchedules => Set<ReportSchedule>();
    public DbSet<RetentionPolicy> RetentionPolicies => Set<RetentionPolicy>();
    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<AuditRecord>(audit =>
        {
            audit.ToTable("ComplianceAudit");
            audit.HasKey(a => a.Sequence);
            audit.Property(a => a.Sequence).ValueGeneratedOnAdd();
            audit.Property(a => a.Kind).HasMaxLength(60);
            audit.Property(a => a.ActorId).HasMaxLength(450);
            audit.Property(a => a.ActorName).HasMaxLength(256);
            audit.Property(a => a.Subject).HasMaxLength(256);
            audit.Property(a => a.PreviousHash).HasMaxLength(64);
            audit.Property(a => a.Hash).HasMaxLength(64);
            // No two rows may follow the same row: a fork in the chain is refused by the database itself.
            audit.HasIndex(a => a.PreviousHash).IsUnique();
            audit.HasIndex(a => new { a.Kind, a.At });
            // Events other services report are recorded once per kind and subject (AuditTrail.RecordOnceAsync looks them up).
            audit.HasIndex(a => new { a.Kind, a.Subject });
            audit.HasIndex(a => a.At);
        });

        builder.Entity<ListedTermRow>(term =>
        {
            term.ToTable("ComplianceTerms");
            term.HasKey(t => t.Id);
            term.Property(t => t.Term).HasMaxLength(100);
            term.Property(t => t.Kind).HasMaxLength(20);
            term.Property(t => t.Aliases).HasMaxLength(2000);
            term.Property(t => t.Note).HasMaxLength(500);
            term.Property(t => t.UpdatedBy).HasMaxLength(450);
            term.HasIndex(t => t.Term).IsUnique();
        });

        builder.Entity<AlertRow>(alert =>
        {
            alert.ToTable("ComplianceAlerts");
            alert.HasKey(a => a.Sequence);
            alert.Property(a => a.Sequence).ValueGeneratedOnAdd();
            alert.HasIndex(a => a.Id).IsUnique();
            alert.Property(a => a.DedupeKey).HasMaxLength(300);
            alert.HasIndex(a => a.DedupeKey).IsUnique();
            alert.Property(a => a.Kind).HasMaxLength(40);
            alert.Property(a => a.Source).HasMaxLength(20);
            alert.Property(a => a.SourceId).HasMaxLength(200);
            alert.Property(a => a.SourceTitle).HasMaxLength(300);
            alert.Property(a => a.PersonId).HasMaxLength(450);
            alert.Property(a => a.PersonName).HasMaxLength(256);
            alert.Property(a => a.Department).HasMaxLength(100);
            alert.Property(a => a.Excerpt).HasMaxLength(1000);
            alert.Property(a => a.Term).HasMaxLength(100);
            alert.Property(a => a.Reason).HasMaxLength(500);
            alert.Property(a => a.AcknowledgedBy).HasMaxLength(450);
            alert.Property(a => a.AcknowledgedByName).HasMaxLength(256);
            alert.Property(a => a.AcknowledgementNote).HasMaxLength(1000);
            alert.HasIndex(a => a.DetectedAt);
            alert.HasIndex(a => new { a.SourceId, a.DetectedAt });
            alert.HasIndex(a => a.AcknowledgedAt);
        });

        builder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("ComplianceOutbox");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Receiver).HasMaxLength(100);
            delivery.Property(d => d.Event).HasMaxLength(60);
            delivery.Property(d => d.LastError).HasMaxLength(1000);
            delivery.HasIndex(d => new { d.DeliveredAt, d.NextAttemptAt });
        });

        builder.Entity<TrainingAssignment>(assignment =>
        {
            assignment.ToTable("ComplianceAssignments");
            assignment.HasKey(a => a.Id);
            assignment.Property(a => a.Title).HasMaxLength(200);
            assignment.Property(a => a.LectureId).HasMaxLength(128);
            assignment.Property(a => a.TargetType).HasMaxLength(20);
            assignment.Property(a => a.TargetValue).HasMaxLength(450);
            assignment.Property(a => a.AttestationText).HasMaxLength(2000);
            assignment.Property(a => a.CreatedBy).HasMaxLength(450);
            assignment.Property(a => a.WithdrawnBy).HasMaxLength(450);
            assignment.HasIndex(a => new { a.TargetType, a.TargetValue });
        });

        builder.Entity<Attestation>(attestation =>
        {
            attestation.ToTable("ComplianceAttestations");
            attestation.HasKey(a => a.Id);
            attestation.Property(a => a.PersonId).HasMaxLength(450);
            attestation.Property(a => a.PersonName).HasMaxLength(256);
            attestation.Property(a => a.Text).HasMaxLength(2000);
            attestation.Property(a => a.TextHash).HasMaxLength(64);
            attestation.Property(a => a.AuthMethod).HasMaxLength(20);
            attestation.HasIndex(a => new { a.AssignmentId, a.PersonId, a.At });
        });

        builder.Entity<Completion>(completion =>
        {
            completion.ToTable("ComplianceCompletions");
            completion.HasKey(c => c.Id);
            completion.Property(c => c.CertificateId).HasMaxLength(40);
            completion.HasIndex(c => c.CertificateId).IsUnique();
            completion.Property(c => c.CourseTitle).HasMaxLength(200);
            completion.Property(c => c.PersonId).HasMaxLength(450);
            completion.Property(c => c.PersonName).HasMaxLength(256);
            completion.Property(c => c.Department).HasMaxLength(100);
            completion.HasIndex(c => new { c.AssignmentId, c.PersonId, c.CompletedAt });
            completion.HasIndex(c => c.CompletedAt);
        });

        builder.Entity<Person>(person =>
        {
            person.ToTable("CompliancePeople");
            person.HasKey(p => p.Id);
            person.Property(p => p.Id).HasMaxLength(450);
            person.Property(p => p.Name).HasMaxLength(256);
            person.Property(p => p.Role).HasMaxLength(20);
            person.Property(p => p.Department).HasMaxLength(100);
            person.Property(p => p.TimeZone).HasMaxLength(64);
            person.HasIndex(p => p.Department);
            person.HasIndex(p => p.Role);
        });

        builder.Entity<Reminder>(reminder =>
        {
            reminder.ToTable("ComplianceReminders");
            reminder.HasKey(r => r.Id);
            reminder.Property(r => r.PersonId).HasMaxLength(450);
            reminder.Property(r => r.Stage).HasMaxLength(20);
            reminder.HasIndex(r => new { r.AssignmentId, r.PersonId, r.DueAt, r.Stage }).IsUnique();
            reminder.HasIndex(r => new { r.PersonId, r.SentAt });
        });

        builder.Entity<StoredReport>(report =>
        {
            report.ToTable("ComplianceReports");
            report.HasKey(r => r.Id);
            report.Property(r => r.Title).HasMaxLength(300);
            report.Property(r => r.Trigger).HasMaxLength(100);
            report.Property(r => r.Department).HasMaxLength(100);
            report.Property(r => r.LectureId).HasMaxLength(128);
            report.Property(r => r.CreatedBy).HasMaxLength(450);
            report.HasIndex(r => r.CreatedAt);
        });

        builder.Entity<ReportSchedule>(schedule =>
        {
            schedule.ToTable("ComplianceReportSchedules");
            schedule.HasKey(s => s.Id);
            schedule.Property(s => s.Name).HasMaxLength(100);
            schedule.Property(s => s.Frequency).HasMaxLength(20);
            schedule.Property(s => s.Department).HasMaxLength(100);
            schedule.Property(s => s.LectureId).HasMaxLength(128);
            schedule.Property(s => s.CreatedBy).HasMaxLength(450);
            schedule.HasIndex(s => s.NextRunAt);
        });

        builder.Entity<RetentionPolicy>(policy =>
        {
            policy.ToTable("ComplianceRetention");
            policy.HasKey(p => p.DataType);
            policy.Property(p => p.DataType).HasMaxLength(20);
            policy.Property(p => p.UpdatedBy).HasMaxLength(450);
        });

        builder.Entity<LegalHold>(hold =>
        {
            hold.ToTable("ComplianceLegalHolds");
            hold.HasKey(h => h.Id);
            hold.Property(h => h.SubjectType).HasMaxLength(20);
            hold.Property(h => h.SubjectId).HasMaxLength(450);
            hold.Property(h => h.Reason).HasMaxLength(1000);
            hold.Property(h => h.PlacedBy).HasMaxLength(450);
            hold.Property(h => h.ReleasedBy).HasMaxLength(450);
            hold.HasIndex(h => new { h.SubjectType, h.SubjectId });
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) => configuration.StoreDateTimesAsUtc();
}
