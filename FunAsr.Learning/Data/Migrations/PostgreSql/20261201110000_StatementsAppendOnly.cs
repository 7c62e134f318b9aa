using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Learning.Data.Migrations.PostgreSql;

/// <summary>Written by hand: learning records refuse UPDATE, DELETE and TRUNCATE (xAPI statements are immutable; corrections void).</summary>
[DbContext(typeof(PostgreSqlLearningDbContext))]
[Migration("20261201110000_StatementsAppendOnly")]
public sealed class StatementsAppendOnly : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION learning_statements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'Learning records are append-only: void a statement instead.'; END $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "Statements_no_change" BEFORE UPDATE OR DELETE ON "Statements"
            FOR EACH ROW EXECUTE FUNCTION learning_statements_append_only();
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "Statements_no_truncate" BEFORE TRUNCATE ON "Statements"
            FOR EACH STATEMENT EXECUTE FUNCTION learning_statements_append_only();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Statements_no_truncate" ON "Statements";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Statements_no_change" ON "Statements";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS learning_statements_append_only();");
    }
}
