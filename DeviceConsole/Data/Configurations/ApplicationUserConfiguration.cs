using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        // S1: one account per email across the whole system, enforced by the database too.
        b.HasIndex(u => u.NormalizedEmail).IsUnique();
        // No foreign key: when the organization is deleted the stale ID stays, so the account's next
        // page can say that its last organization no longer exists (S3) before falling back.
    }
}
