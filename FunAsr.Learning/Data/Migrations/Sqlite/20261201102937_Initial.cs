using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunAsr.Learning.Data.Migrations.Sqlite
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorKey = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    VerbId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    VoidedStatementId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Registration = table.Column<Guid>(type: "TEXT", nullable: true),
                    Timestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Stored = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
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
