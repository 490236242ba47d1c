using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(AccessToken.MaxNameLength).IsRequired();
        b.Property(t => t.Prefix).HasMaxLength(16).IsRequired();
        b.Property(t => t.SecretHash).HasMaxLength(64).IsRequired();
        b.HasIndex(t => t.SecretHash).IsUnique();
        b.HasIndex(t => new { t.AccountId, t.CreatedAt });
        b.HasIndex(t => new { t.OrganizationId, t.CreatedAt });
        b.HasIndex(t => new { t.ExpiryAudited, t.ExpiresAt });
        // T3: a token never outlives its account or its organization.
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Organization).WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
