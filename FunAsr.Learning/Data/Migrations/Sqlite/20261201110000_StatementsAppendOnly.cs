using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Learning.Data.Migrations.Sqlite;

/// <summary>Written by hand: learning records refuse UPDATE and DELETE (xAPI statements are immutable; corrections void).</summary>
[DbContext(typeof(SqliteLearningDbContext))]
[Migration("20261201110000_StatementsAppendOnly")]
public sealed class StatementsAppendOnly : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TRIGGER "Statements_no_update" BEFORE UPDATE ON "Statements"
            BEGIN SELECT RAISE(ABORT, 'Learning records are append-only: void a statement instead.'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "Statements_no_delete" BEFORE DELETE ON "Statements"
            BEGIN SELECT RAISE(ABORT, 'Learning records are append-only: void a statement instead.'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Statements_no_update";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Statements_no_delete";""");
    }
}
