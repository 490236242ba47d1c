using DeviceConsole.Fleet;
using DeviceConsole.Fleet.Seeding;
using DeviceConsole.Tests.Support;
using Microsoft.Data.Sqlite;

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

    [Fact]
    public async Task Benchmark_OnADatabaseWithoutTheFleet_SaysSo()
    {
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
