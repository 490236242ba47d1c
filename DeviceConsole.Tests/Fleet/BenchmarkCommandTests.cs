using DeviceConsole.Fleet;
using DeviceConsole.Fleet.Seeding;
using DeviceConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DeviceConsole.Tests.Fleet;

/// <summary>
/// The benchmark verb on a small seeded fleet: it exits 0 only when every service call returned
/// the same rows as its hand-written SQL floor. Nothing about time is asserted.
/// </summary>
public sealed class BenchmarkCommandTests
{
    [Fact]
    public async Task Benchmark_ServicesAndFloorsAgreeOnASmallFleet()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "PostgreSQL has its own case: Benchmark_OnPostgreSql_EveryCaseAgreesWithItsFloor.");
        await using var h = await ServiceHarness.CreateFileAsync(seed: false);
        await using (var connection = new SqliteConnection(h.ConnectionString))
        {
            await connection.OpenAsync();
            var plan = FleetPlan.Create(deviceCount: 1_500, auditEntryCount: 4_000, organizationCount: 120, accountCount: 400);
            await new FleetWriter(plan, "hash", new Progress<(string, double)>()).WriteAsync(connection, CancellationToken.None);
        }
        var file = new SqliteConnectionStringBuilder(h.ConnectionString).DataSource;
        Assert.Equal(0, await FleetVerbs.TryRunAsync(["benchmark", "--database", file,
            "--only", "first page|search|history|audit log|preview", "--iterations", "1"]));
    }

    /// <summary>seed-large's copy into PostgreSQL, then every case, writes included, against the PostgreSQL floor.</summary>
    [Fact]
    public async Task Benchmark_OnPostgreSql_EveryCaseAgreesWithItsFloor()
    {
        Assert.SkipUnless(TestProvider.IsPostgres, "PostgreSQL only: runs on the PostgreSQL test axis.");
        await using var h = await ServiceHarness.CreateFileAsync(seed: false);
        var plan = FleetPlan.Create(deviceCount: 1_500, auditEntryCount: 4_000, organizationCount: 120, accountCount: 400);
        await using (var db = h.NewDbContext())
            await PostgresFleetCopy.SeedAsync(plan, "hash", new Progress<(string, double)>(), h.ConnectionString,
                db.GetService<IDesignTimeModel>().Model.GetRelationalModel(), CancellationToken.None);

        Assert.Equal(0, await FleetVerbs.TryRunAsync(["benchmark", "--Database:Provider=Postgres",
            $"--ConnectionStrings:DeviceConsole={h.ConnectionString}", "--iterations", "1"]));
        await using (var db = h.NewDbContext())
        {
            // The copied IDs are followed by the sequences: the benchmark's writes added entries after them.
            Assert.True(await db.AuditEntries.CountAsync() > 4_000);
            Assert.Equal(plan.Devices.Count, await db.Devices.CountAsync());
        }
    }

    [Fact]
    public async Task Benchmark_OnADatabaseWithoutTheFleet_SaysSo()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "A SQLite file whatever the axis: runs once, on the SQLite axis.");
        var file = Path.Combine(Path.GetTempPath(), $"dc-bench-{Guid.NewGuid():N}.db");
        try
        {
            Assert.Equal(1, await FleetVerbs.TryRunAsync(["benchmark", "--database", file]));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
        }
    }
}
