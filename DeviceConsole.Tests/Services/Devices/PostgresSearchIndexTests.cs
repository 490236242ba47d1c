using DeviceConsole.Data.Search;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// The device search on PostgreSQL: the seam asks for ILIKE, and pg_trgm GIN indexes can answer a
/// substring pattern on name, serial and owner email (what FTS5 does on SQLite). The plan is read
/// with sequential scans disabled, so the answer does not depend on the table's size.
/// </summary>
public sealed class PostgresSearchIndexTests : IAsyncLifetime
{
    private ServiceHarness H = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipUnless(TestProvider.IsPostgres, "PostgreSQL only: runs on the PostgreSQL test axis.");
        H = await ServiceHarness.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (H is not null)
            await H.DisposeAsync();
    }

    private async Task<string> PlanAsync(string query)
    {
        await using var db = H.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
        // The statements are the test's own constants.
        var explain = "EXPLAIN " + query;
        return string.Join("\n", await db.Database.SqlQueryRaw<string>(explain).ToListAsync());
    }

    [Fact, Trait("Rule", "A6")]
    public async Task DeviceSearch_IsACaseInsensitiveLike_ThatTheTrigramIndexesServe()
    {
        await using (var db = H.NewDbContext())
            Assert.Contains("ILIKE", DeviceSearch.MatchingIds(db, "abc").ToQueryString());

        var devices = await PlanAsync("""SELECT "Id" FROM "Devices" WHERE "Name" ILIKE '%abc%' OR "SerialNumber" ILIKE '%abc%'""");
        var owners = await PlanAsync("""SELECT "Id" FROM "AspNetUsers" WHERE "Email" ILIKE '%abc%'""");

        Assert.Contains("IX_Devices_Name_Trigram", devices);
        Assert.Contains("IX_Devices_SerialNumber_Trigram", devices);
        Assert.Contains("IX_AspNetUsers_Email_Trigram", owners);
    }
}
