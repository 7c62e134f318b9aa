using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Learning.Compliance.Data.Migrations.Sqlite;

/// <summary>
/// Written by hand: the audit trail and the attestations refuse UPDATE and DELETE, so the service itself cannot edit
/// history; the hash chain shows an edit made by someone who drops the triggers first.
/// </summary>
[DbContext(typeof(SqliteComplianceDbContext))]
[Migration("20261201112000_ComplianceAppendOnly")]
public sealed class ComplianceAppendOnly : Migration
{
    private static readonly string[] Tables = ["ComplianceAudit", "ComplianceAttestations"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}"
                BEGIN SELECT RAISE(ABORT, 'The compliance record is append-only: {table} rows cannot be changed.'); END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}"
                BEGIN SELECT RAISE(ABORT, 'The compliance record is append-only: {table} rows cannot be deleted.'); END;
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_no_update";""");
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_no_delete";""");
        }
    }
}
