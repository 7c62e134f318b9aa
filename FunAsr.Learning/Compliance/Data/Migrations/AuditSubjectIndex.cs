using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Learning.Compliance.Data.Migrations;

/// <summary>
/// The record-once lookup of reported events (clear-text views, redactions) by kind and subject, which otherwise scans every
/// row of that kind as the trail grows. The same statements on both engines; each engine's migration names its context.
/// </summary>
public abstract class AuditSubjectIndex : Migration
{
    private const string Name = "IX_ComplianceAudit_Kind_Subject";

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: Name, table: "ComplianceAudit", columns: ["Kind", "Subject"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: Name, table: "ComplianceAudit");
}
