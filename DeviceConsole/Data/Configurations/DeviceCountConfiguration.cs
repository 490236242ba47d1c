using DeviceConsole.Data.Counters;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class DeviceCountConfiguration : IEntityTypeConfiguration<DeviceCount>
{
    public void Configure(EntityTypeBuilder<DeviceCount> b)
    {
        b.HasKey(c => new { c.OrganizationId, c.Status });
        // An organization is deleted only when empty (O4): its zero counts go with it.
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
