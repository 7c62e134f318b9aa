using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FunAsr.Learning.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Statements",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ActorKey = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    VerbId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ActivityId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    VoidedStatementId = table.Column<Guid>(type: "uuid", nullable: true),
                    Registration = table.Column<Guid>(type: "uuid", nullable: true),
                    Timestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Stored = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Statements", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Statements_ActorKey_Stored",
                table: "Statements",
                columns: new[] { "ActorKey", "Stored" });

            migrationBuilder.CreateIndex(
                name: "IX_Statements_Id",
                table: "Statements",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Statements_Stored",
                table: "Statements",
                column: "Stored");

            migrationBuilder.CreateIndex(
                name: "IX_Statements_VerbId_Stored",
                table: "Statements",
                columns: new[] { "VerbId", "Stored" });

            migrationBuilder.CreateIndex(
                name: "IX_Statements_VoidedStatementId",
                table: "Statements",
                column: "VoidedStatementId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Statements");
        }
    }
}
