using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> b)
    {
        b.Property(v => v.Name).HasMaxLength(SavedView.MaxNameLength).IsRequired();
        b.Property(v => v.NormalizedName).HasMaxLength(SavedView.MaxNameLength * 2).IsRequired();
        b.Property(v => v.Search).HasMaxLength(SavedView.MaxSearchLength);
        b.Property(v => v.Tags).HasMaxLength((DeviceTag.MaxLength + 1) * DeviceTag.MaxPerDevice).IsRequired();
        b.Property(v => v.SortBy).HasMaxLength(32).IsRequired();
        b.Ignore(v => v.TagList);
        // V1: names unique per owner among private views, and per organization among shared ones.
        b.HasIndex(v => new { v.OwnerId, v.NormalizedName }).IsUnique().HasFilter("\"SharedOrganizationId\" IS NULL");
        b.HasIndex(v => new { v.SharedOrganizationId, v.NormalizedName }).IsUnique().HasFilter("\"SharedOrganizationId\" IS NOT NULL");
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(v => v.SharedOrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
