using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FunAsr.Learning.Compliance.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ComplianceInitial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ComplianceAlerts",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DedupeKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SourceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SourceTitle = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    PersonId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    PersonName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Excerpt = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Term = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Confidence = table.Column<double>(type: "double precision", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    StartTime = table.Column<double>(type: "double precision", nullable: true),
                    EndTime = table.Column<double>(type: "double precision", nullable: true),
                    DetectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    AcknowledgedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    AcknowledgedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgementNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceAlerts", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LectureId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    QuizId = table.Column<Guid>(type: "uuid", nullable: true),
                    TargetType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TargetValue = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetrainingDays = table.Column<int>(type: "integer", nullable: true),
                    RequiredWatchShare = table.Column<double>(type: "double precision", nullable: false),
                    AttestationText = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceAssignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceAttestations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    PersonName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    TextHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AuthMethod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AuthenticatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceAttestations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceAudit",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    ActorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Subject = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceAudit", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceCompletions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CertificateId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PersonId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    PersonName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ValidUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WatchedShare = table.Column<double>(type: "double precision", nullable: false),
                    QuizScore = table.Column<double>(type: "double precision", nullable: true),
                    AttestationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceCompletions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceLegalHolds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PlacedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReleasedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ReleasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceLegalHolds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceOutbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Receiver = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Event = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeasedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CompliancePeople",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompliancePeople", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceReminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceReminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    From = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    To = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LectureId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: false),
                    Pdf = table.Column<byte[]>(type: "bytea", nullable: false),
                    Csv = table.Column<byte[]>(type: "bytea", nullable: false),
                    Xlsx = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceReportSchedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Frequency = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LectureId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    NextRunAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastRunAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceReportSchedules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceRetention",
                columns: table => new
                {
                    DataType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceRetention", x => x.DataType);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceTerms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Term = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Aliases = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceTerms", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAlerts_AcknowledgedAt",
                table: "ComplianceAlerts",
                column: "AcknowledgedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAlerts_DedupeKey",
                table: "ComplianceAlerts",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAlerts_DetectedAt",
                table: "ComplianceAlerts",
                column: "DetectedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAlerts_Id",
                table: "ComplianceAlerts",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAlerts_SourceId_DetectedAt",
                table: "ComplianceAlerts",
                columns: new[] { "SourceId", "DetectedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAssignments_TargetType_TargetValue",
                table: "ComplianceAssignments",
                columns: new[] { "TargetType", "TargetValue" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAttestations_AssignmentId_PersonId_At",
                table: "ComplianceAttestations",
                columns: new[] { "AssignmentId", "PersonId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAudit_At",
                table: "ComplianceAudit",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAudit_Kind_At",
                table: "ComplianceAudit",
                columns: new[] { "Kind", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceAudit_PreviousHash",
                table: "ComplianceAudit",
                column: "PreviousHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceCompletions_AssignmentId_PersonId_CompletedAt",
                table: "ComplianceCompletions",
                columns: new[] { "AssignmentId", "PersonId", "CompletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceCompletions_CertificateId",
                table: "ComplianceCompletions",
                column: "CertificateId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceCompletions_CompletedAt",
                table: "ComplianceCompletions",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceLegalHolds_SubjectType_SubjectId",
                table: "ComplianceLegalHolds",
                columns: new[] { "SubjectType", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceOutbox_DeliveredAt_NextAttemptAt",
                table: "ComplianceOutbox",
                columns: new[] { "DeliveredAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CompliancePeople_Department",
                table: "CompliancePeople",
                column: "Department");

            migrationBuilder.CreateIndex(
                name: "IX_CompliancePeople_Role",
                table: "CompliancePeople",
                column: "Role");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceReminders_AssignmentId_PersonId_DueAt_Stage",
                table: "ComplianceReminders",
                columns: new[] { "AssignmentId", "PersonId", "DueAt", "Stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceReminders_PersonId_SentAt",
                table: "ComplianceReminders",
                columns: new[] { "PersonId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceReports_CreatedAt",
                table: "ComplianceReports",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceReportSchedules_NextRunAt",
                table: "ComplianceReportSchedules",
                column: "NextRunAt");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceTerms_Term",
                table: "ComplianceTerms",
                column: "Term",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComplianceAlerts");

            migrationBuilder.DropTable(
                name: "ComplianceAssignments");

            migrationBuilder.DropTable(
                name: "ComplianceAttestations");

            migrationBuilder.DropTable(
                name: "ComplianceAudit");

            migrationBuilder.DropTable(
                name: "ComplianceCompletions");

            migrationBuilder.DropTable(
                name: "ComplianceLegalHolds");

            migrationBuilder.DropTable(
                name: "ComplianceOutbox");

            migrationBuilder.DropTable(
                name: "CompliancePeople");

            migrationBuilder.DropTable(
                name: "ComplianceReminders");

            migrationBuilder.DropTable(
                name: "ComplianceReports");

            migrationBuilder.DropTable(
                name: "ComplianceReportSchedules");

            migrationBuilder.DropTable(
                name: "ComplianceRetention");

            migrationBuilder.DropTable(
                name: "ComplianceTerms");
        }
    }
}
