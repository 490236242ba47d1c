using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        // S1: one account per email across the whole system, enforced by the database too.
        b.HasIndex(u => u.NormalizedEmail).IsUnique();
        b.HasOne<DeviceConsole.Domain.Organization>().WithMany().HasForeignKey(u => u.ActiveOrganizationId)
            .OnDelete(DeleteBehavior.SetNull);
    }
}
