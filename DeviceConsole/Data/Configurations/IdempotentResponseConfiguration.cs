using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class IdempotentResponseConfiguration : IEntityTypeConfiguration<IdempotentResponse>
{
    public void Configure(EntityTypeBuilder<IdempotentResponse> b)
    {
        b.Property(r => r.Key).HasMaxLength(IdempotentResponse.MaxKeyLength).IsRequired();
        b.Property(r => r.RequestHash).HasMaxLength(64).IsRequired();
        b.Property(r => r.ContentType).HasMaxLength(100).IsRequired();
        b.HasIndex(r => new { r.TokenId, r.Key }).IsUnique();
        b.HasIndex(r => r.ExpiresAt);
        b.HasOne<AccessToken>().WithMany().HasForeignKey(r => r.TokenId).OnDelete(DeleteBehavior.Cascade);
    }
}
