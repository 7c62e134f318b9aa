using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Learning.Compliance.Data.Migrations.Sqlite;

/// <summary>
/// The record-once lookup of reported events (clear-text views, redactions) by kind and subject, which otherwise scans every
/// row of that kind as the trail grows.
/// </summary>
[DbContext(typeof(SqliteComplianceDbContext))]
[Migration("20261201220000_ComplianceAuditSubjectIndex")]
public sealed class ComplianceAuditSubjectIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: "IX_ComplianceAudit_Kind_Subject", table: "ComplianceAudit", columns: ["Kind", "Subject"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: "IX_ComplianceAudit_Kind_Subject", table: "ComplianceAudit");
}
