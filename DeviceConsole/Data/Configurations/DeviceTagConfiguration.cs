using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class DeviceTagConfiguration : IEntityTypeConfiguration<DeviceTag>
{
    public void Configure(EntityTypeBuilder<DeviceTag> b)
    {
        // One row per tag and device, ignoring case (G1).
        b.HasKey(t => new { t.DeviceId, t.NormalizedName });
        b.Property(t => t.Name).HasMaxLength(DeviceTag.MaxLength).IsRequired();
        b.Property(t => t.NormalizedName).HasMaxLength(DeviceTag.MaxLength * 2).IsRequired();
        // The tag filter (G3) and suggestions (G2) start from the tag.
        b.HasIndex(t => new { t.NormalizedName, t.DeviceId });
        b.HasOne<Device>().WithMany().HasForeignKey(t => t.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}
