using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Learning.Compliance.Data.Migrations.PostgreSql;

/// <summary>
/// Written by hand: the audit trail and the attestations refuse UPDATE, DELETE and TRUNCATE. A superuser can still
/// disable the triggers; the hash chain is what shows that afterwards.
/// </summary>
[DbContext(typeof(PostgreSqlComplianceDbContext))]
[Migration("20261201112000_ComplianceAppendOnly")]
public sealed class ComplianceAppendOnly : Migration
{
    private static readonly string[] Tables = ["ComplianceAudit", "ComplianceAttestations"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION compliance_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'The compliance record is append-only: % rows cannot be changed or deleted.', TG_TABLE_NAME; END $$;
            """);
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_no_change" BEFORE UPDATE OR DELETE ON "{table}"
                FOR EACH ROW EXECUTE FUNCTION compliance_append_only();
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}"
                FOR EACH STATEMENT EXECUTE FUNCTION compliance_append_only();
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}";""");
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_no_change" ON "{table}";""");
        }
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS compliance_append_only();");
    }
}
