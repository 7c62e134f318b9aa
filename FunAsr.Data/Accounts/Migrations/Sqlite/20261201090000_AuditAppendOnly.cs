using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Data.Accounts.Migrations.Sqlite;

/// <summary>Written by hand: the audit trail refuses UPDATE and DELETE, whatever code (or person with the file) tries.</summary>
[DbContext(typeof(SqliteAccountsDbContext))]
[Migration("20261201090000_AuditAppendOnly")]
public sealed class AuditAppendOnly : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEvents_no_update" BEFORE UPDATE ON "AuditEvents"
            BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEvents_no_delete" BEFORE DELETE ON "AuditEvents"
            BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_no_update";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_no_delete";""");
    }
}
