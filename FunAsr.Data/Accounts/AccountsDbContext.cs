using FunAsr.Data.Database;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Data.Accounts;

/// <summary>
/// Accounts and roles (ASP.NET Core Identity), API keys, the security audit trail and the gateway's data-protection
/// keys (so every replica can read every replica's cookies).
/// </summary>
public abstract class AccountsDbContext(DbContextOptions options) : IdentityDbContext<Account>(options), IDataProtectionKeyContext
{
    public const string SchemaName = "accounts";

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Account>(account =>
        {
            account.Property(a => a.DisplayName).HasMaxLength(200);
            account.Property(a => a.Department).HasMaxLength(100);
        });

        builder.Entity<ApiKey>(key =>
        {
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(32);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Role).HasMaxLength(20);
            key.Property(k => k.ServiceName).HasMaxLength(100);
            key.Property(k => k.Department).HasMaxLength(100);
            key.Property(k => k.SecretHash).HasMaxLength(32);
            key.Property(k => k.CreatedBy).HasMaxLength(450);
            key.Property(k => k.RevokedBy).HasMaxLength(450);
            key.HasOne(k => k.Account).WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AuditEvent>(audit =>
        {
            audit.HasKey(e => e.Id);
            audit.Property(e => e.Kind).HasMaxLength(40);
            audit.Property(e => e.ActorId).HasMaxLength(450);
            audit.Property(e => e.ActorName).HasMaxLength(256);
            audit.Property(e => e.Subject).HasMaxLength(256);
            audit.Property(e => e.ClientAddress).HasMaxLength(64);
            audit.Property(e => e.RequestId).HasMaxLength(128);
            audit.Property(e => e.Detail).HasMaxLength(1000);
            audit.HasIndex(e => e.At);
            audit.HasIndex(e => new { e.Kind, e.At });
        });

        builder.Entity<IdentityRole>().HasData(SeedRoles.All);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) => configuration.StoreDateTimesAsUtc();
}
