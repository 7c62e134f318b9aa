using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Data.Accounts.Migrations.PostgreSql;

/// <summary>Written by hand: the audit trail refuses UPDATE, DELETE and TRUNCATE, whatever code tries.</summary>
[DbContext(typeof(PostgreSqlAccountsDbContext))]
[Migration("20261201090000_AuditAppendOnly")]
public sealed class AuditAppendOnly : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'The audit trail is append-only.'; END $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEvents_no_change" BEFORE UPDATE OR DELETE ON "AuditEvents"
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEvents_no_truncate" BEFORE TRUNCATE ON "AuditEvents"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_no_truncate" ON "AuditEvents";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_no_change" ON "AuditEvents";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_events_append_only();");
    }
}
