using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.HasIndex(m => new { m.AccountId, m.OrganizationId }).IsUnique();
        b.HasIndex(m => new { m.OrganizationId, m.Role });
        // The expiry job and the dashboard's "ending within 7 days" look memberships up by end date (M8).
        b.HasIndex(m => m.EndsAt);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Organization).WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
