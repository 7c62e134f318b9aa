using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunAsr.Learning.Compliance.Data.Migrations.PostgreSql;

[DbContext(typeof(PostgreSqlComplianceDbContext))]
[Migration("20261201220000_ComplianceAuditSubjectIndex")]
public sealed class ComplianceAuditSubjectIndex : AuditSubjectIndex;
