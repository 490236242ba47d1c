using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.Property(o => o.Name).HasMaxLength(Organization.MaxNameLength).IsRequired();
        b.Property(o => o.NormalizedName).HasMaxLength(Organization.MaxNameLength * 2).IsRequired();
        // Binary collation: subtree queries are range scans on this index (OrganizationPath).
        b.Property(o => o.Path).HasMaxLength(400).IsRequired();
        b.HasIndex(o => o.Path);
        // O1: sibling names unique; roots (ParentId null) may share names, as NULLs are distinct in SQLite.
        b.HasIndex(o => new { o.ParentId, o.NormalizedName }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(o => o.Level);
    }
}
