using DeviceConsole.Fleet.Seeding;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Fleet;

public sealed class FleetSeedingTests
{
    private static FleetPlan SmallPlan() =>
        FleetPlan.Create(deviceCount: 2_000, auditEntryCount: 6_000, organizationCount: 120, accountCount: 400);

    [Fact]
    public void Plan_IsTheSameOnEveryRun()
    {
        var first = SmallPlan();
        var second = SmallPlan();
        Assert.Equal(first.Devices.Select(d => (d.Name, d.OwnerId, d.OrganizationId, d.Version)),
            second.Devices.Select(d => (d.Name, d.OwnerId, d.OrganizationId, d.Version)));
        Assert.Equal(first.Memberships, second.Memberships);
    }

    [Fact]
    public void Plan_HasTwoTreesToTheDepthLimitWithSkewedDevices()
    {
        var plan = SmallPlan();
        Assert.Equal(2, plan.Organizations.Count(o => o.ParentId is null));
        Assert.Equal(FleetPlan.MaxLevel, plan.Organizations.Max(o => o.Level));
        var perOrganization = plan.Devices.GroupBy(d => d.OrganizationId).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(perOrganization[0] > 10 * perOrganization[perOrganization.Count / 2]);
        Assert.Contains(plan.Organizations, o => !o.HoldsDevices && plan.Devices.All(d => d.OrganizationId != o.Id));
        Assert.Contains(plan.Memberships.GroupBy(m => m.AccountId), g => g.Count() > 1);
    }

    [Fact]
    [Trait("Rule", "D1")]
    public void Plan_EveryOwnerHasARoleWhereItsDeviceIs()
    {
        var plan = SmallPlan();
        var paths = plan.Organizations.ToDictionary(o => o.Id, o => o.Path);
        var grants = plan.Memberships.Select(m => (m.AccountId, m.OrganizationId)).ToHashSet();
        Assert.All(plan.Devices, d => Assert.Contains(Domain.OrganizationPath.Ids(paths[d.OrganizationId]),
            id => grants.Contains((d.OwnerId, id))));
    }

    [Fact]
    public async Task Writer_FillsAnEmptyDatabaseThatTheServicesRead()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "SQLite's writer; PostgreSQL receives its copy (BenchmarkCommandTests).");
        await using var h = await ServiceHarness.CreateFileAsync(seed: false);
        var plan = SmallPlan();
        await using (var connection = new SqliteConnection(h.ConnectionString))
        {
            await connection.OpenAsync();
            await new FleetWriter(plan, "hash", new Progress<(string, double)>()).WriteAsync(connection, CancellationToken.None);
        }

        await using (var db = h.NewDbContext())
        {
            Assert.Equal(plan.Devices.Count, await db.Devices.CountAsync());
            Assert.Equal(6_000, await db.AuditEntries.CountAsync());
            Assert.Equal(6_000, await db.AuditOrganizations.CountAsync());
        }
        await h.ActAsync(FleetPlan.RootAdminEmail);
        var root = plan.SignInAccounts[FleetPlan.RootAdminEmail];
        var page = await h.Get<DeviceQueries>().ListAsync(root.Id, new DeviceListRequest());
        Assert.Equal(plan.Devices.Count(d => plan.Organizations.Single(o => o.Id == d.OrganizationId).Path.StartsWith(root.Path)), page.Total);
    }
}

public sealed class SeedLargeCommandTests
{
    [Fact]
    public async Task SeedLarge_FillsANewFileAndRefusesOneWithData()
    {
        Assert.SkipWhen(TestProvider.IsPostgres, "A SQLite file whatever the axis: runs once, on the SQLite axis.");
        var file = Path.Combine(Path.GetTempPath(), $"dc-large-{Guid.NewGuid():N}.db");
        try
        {
            Assert.Equal(0, await DeviceConsole.Fleet.FleetVerbs.TryRunAsync(["seed-large", "--devices", "100", "--database", file]));
            Assert.Equal(1, await DeviceConsole.Fleet.FleetVerbs.TryRunAsync(["seed-large", "--devices", "100", "--database", file]));
            Assert.Equal(1, await DeviceConsole.Fleet.FleetVerbs.TryRunAsync(["seed-large", "--devices", "many", "--database", file]));
            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM Devices";
            Assert.Equal(100L, await command.ExecuteScalarAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
        }
    }

    [Fact]
    public async Task AnyOtherFirstArgument_StartsTheWebConsole() =>
        Assert.Null(await DeviceConsole.Fleet.FleetVerbs.TryRunAsync(["--urls", "http://localhost:5000"]));
}
