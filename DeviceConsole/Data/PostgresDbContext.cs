using DeviceConsole.Domain;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DeviceConsole.Data;

/// <summary>
/// The same model on PostgreSQL, with its own migrations (Data/Migrations/Postgres). Only what
/// the provider needs differently lives here; services keep asking for <see cref="AppDbContext"/>.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : AppDbContext(options)
{
    public const string TrigramExtension = "pg_trgm";

    /// <summary>
    /// The customer trees the write seam limited this context's next transaction to (null: the
    /// whole fleet). Per operation: cleared when the transaction takes its lock and when the
    /// context goes back to the pool, so a reused context never inherits another call's scope.
    /// </summary>
    internal IReadOnlyList<int>? WriteTrees { get; set; }

    public override void Dispose()
    {
        WriteTrees = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        WriteTrees = null;
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension(TrigramExtension);

        // Subtree filters are range comparisons on Path: they need byte order, which the database's
        // linguistic collation does not give ('/1/4/' against '/10').
        builder.Entity<Organization>().Property(o => o.Path).UseCollation("C");
        builder.Entity<AuditOrganization>().Property(o => o.Path).UseCollation("C");

        // Case-insensitive substring search (ILIKE) over the device list's columns, as SQLite's LIKE does.
        builder.Entity<Device>().HasIndex(d => d.Name, "IX_Devices_Name_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<Device>().HasIndex(d => d.SerialNumber, "IX_Devices_SerialNumber_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<ApplicationUser>().HasIndex(u => u.Email, "IX_AspNetUsers_Email_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
    }

    /// <summary>Every save, also those a service makes before committing, reports a lost server as "nothing was changed".</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (Exception e) when (e is not StorageFailureException && StorageFailures.IsStorageFailure(e))
        {
            throw new StorageFailureException(e);
        }
    }

    public override bool IsPostgres => true;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Times are UTC everywhere (SQLite hands them back unspecified); timestamptz insists on the kind.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
