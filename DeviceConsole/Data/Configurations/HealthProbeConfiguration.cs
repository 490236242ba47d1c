using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceConsole.Data.Configurations;

internal sealed class HealthProbeConfiguration : IEntityTypeConfiguration<HealthProbe>
{
    public void Configure(EntityTypeBuilder<HealthProbe> b)
    {
        b.ToTable("HealthProbes");
        b.Property(p => p.Id).ValueGeneratedNever();
        b.HasData(new HealthProbe { Id = HealthProbe.RowId, CheckedAt = DateTime.UnixEpoch });
    }
}
