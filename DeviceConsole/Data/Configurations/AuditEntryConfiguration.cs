using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(e => e.ActorEmail).HasMaxLength(256).IsRequired();
        b.Property(e => e.Action).HasMaxLength(64).IsRequired();
        b.Property(e => e.TargetType).HasMaxLength(32).IsRequired();
        b.Property(e => e.TargetId).HasMaxLength(64).IsRequired();
        b.Property(e => e.TargetName).HasMaxLength(256).IsRequired();
        b.Property(e => e.Summary).HasMaxLength(1000).IsRequired();
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.TargetType, e.TargetId, e.At });
        b.HasIndex(e => new { e.ActorId, e.At });
        // No foreign key to accounts, devices or organizations: nothing blocks or cascades into the log (L3).
        b.HasMany(e => e.Organizations).WithOne().HasForeignKey(o => o.AuditEntryId);
    }
}

internal sealed class AuditOrganizationConfiguration : IEntityTypeConfiguration<AuditOrganization>
{
    public void Configure(EntityTypeBuilder<AuditOrganization> b)
    {
        b.Property(o => o.Part).HasMaxLength(16).IsRequired();
        b.Property(o => o.Name).HasMaxLength(Organization.MaxNameLength).IsRequired();
        b.Property(o => o.Path).HasMaxLength(400).IsRequired();
        // Audit visibility is "an involved organization lies in a subtree I administer" (L3).
        b.HasIndex(o => new { o.Path, o.AuditEntryId });
        b.HasIndex(o => new { o.OrganizationId, o.AuditEntryId });
    }
}
