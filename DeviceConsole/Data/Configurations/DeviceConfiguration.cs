using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> b)
    {
        b.Property(d => d.Name).HasMaxLength(Device.MaxNameLength).IsRequired();
        b.Property(d => d.SerialNumber).HasMaxLength(Device.MaxSerialLength).IsRequired();
        b.Property(d => d.NormalizedSerialNumber).HasMaxLength(Device.MaxSerialLength).IsRequired();
        b.HasIndex(d => d.NormalizedSerialNumber).IsUnique();
        // Org-first paging by name within a subtree, and the per-organization counts.
        b.HasIndex(d => new { d.OrganizationId, d.Name });
        b.HasIndex(d => new { d.OrganizationId, d.Status });
        b.HasIndex(d => d.OwnerId);
        b.Property(d => d.Version).IsConcurrencyToken();
        // Restrict: D1 says an owner or organization with devices is never deleted underneath them.
        b.HasOne(d => d.Organization).WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
