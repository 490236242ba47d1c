using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// D10 at scale: a device's history is read by the audit target index, on both providers, in a fixed
/// number of SQL commands however long the history is, so a regression to a scan or to per-entry
/// queries fails here.
/// </summary>
public sealed class DeviceHistoryCostTests : ServiceTest
{
    /// <summary>
    /// The view; then one statement: the page with the device (D10's role check), its organizations, which
    /// of its actors the reader sees and, for a full page, the count behind its total.
    /// </summary>
    private const int PageCommands = 2;

    private async Task<int> DeviceWithEntriesAsync(int entries)
    {
        var device = await H.DeviceIdAsync("CLA-TR-1001");
        for (var i = 0; i < entries; i++)
        {
            H.Clock.Advance(TimeSpan.FromMinutes(1));
            await H.AddDeviceEntryAsync(device, "Client A Tracker 01", $"admin@acme.example renamed it ({i})", "Client A", "admin@acme.example");
        }
        return device;
    }

    [Fact, Trait("Rule", "D10"), Trait("Rule", "L3")]
    public async Task AShortHistory_IsItsOwnTotal_AndItsOwnersEmail_IsJudgedWithIt()
    {
        var device = await DeviceWithEntriesAsync(3);
        string owner;
        await using (var db = H.NewDbContext())
            owner = await db.Devices.Where(d => d.Id == device).Select(d => db.Users.Single(u => u.Id == d.OwnerId).Email!).SingleAsync();
        await H.AddDeviceEntryAsync(device, "Client A Tracker 01", $"Handed to {owner}", "Client A", "admin@acme.example");
        await H.ActAsync("clienta.admin@acme.example");
        AuditPage page = null!;

        var commands = await SqlCommandCount.OfAsync(H, async () => page = await H.Get<AuditQueries>().GetDeviceHistoryAsync(device));

        Assert.Equal(5, page.Total);
        Assert.Equal(5, page.Rows.Count);
        Assert.Equal(PageCommands, commands);
        // The owner has a role in Client A: its Admin reads the email.
        Assert.Contains(page.Rows, r => r.Summary == $"Handed to {owner}");
    }

    [Fact, Trait("Rule", "D10"), Trait("Rule", "L3")]
    public async Task AnEmailInAnEntrysText_IsJudgedInOneCommandMore()
    {
        var device = await DeviceWithEntriesAsync(3);
        await H.AddDeviceEntryAsync(device, "Client A Tracker 01", "Shown to globex.admin@globex.example", "Client A", "admin@acme.example");
        await H.ActAsync("clienta.admin@acme.example");
        AuditPage page = null!;

        var commands = await SqlCommandCount.OfAsync(H, async () => page = await H.Get<AuditQueries>().GetDeviceHistoryAsync(device));

        Assert.Equal(PageCommands + 1, commands);
        Assert.Contains(page.Rows, r => r.Summary == $"Shown to {AuditRedactor.HiddenAccount}");
        // The actor, Acme IoT's Admin, has a role above Client A: Client A's Admin sees who acted.
        Assert.All(page.Rows.Where(r => r.Summary.StartsWith("Shown to", StringComparison.Ordinal)), r => Assert.Equal("admin@acme.example", r.Actor));
    }

    [Fact, Trait("Rule", "D10")]
    public async Task EveryPageOfALongHistory_CostsTheSameCommands_WithAnExactTotal()
    {
        var device = await DeviceWithEntriesAsync(60);
        await H.ActAsync("admin@acme.example");
        var audit = H.Get<AuditQueries>();
        AuditPage first = null!, second = null!, last = null!;

        var firstCommands = await SqlCommandCount.OfAsync(H, async () => first = await audit.GetDeviceHistoryAsync(device, take: 25));
        var secondCommands = await SqlCommandCount.OfAsync(H, async () => second = await audit.GetDeviceHistoryAsync(device, 25, 25, first.NextCursor));
        var lastCommands = await SqlCommandCount.OfAsync(H, async () => last = await audit.GetDeviceHistoryAsync(device, 50, 25, second.NextCursor));

        Assert.Equal((61, 61, 61), (first.Total, second.Total, last.Total));
        Assert.Equal(11, last.Rows.Count);
        Assert.Null(last.NextCursor);
        Assert.Equal(61, first.Rows.Concat(second.Rows).Concat(last.Rows).Select(r => r.Id).Distinct().Count());
        // A full page's count is part of its statement: every page costs the same.
        Assert.Equal((PageCommands, PageCommands, PageCommands), (firstCommands, secondCommands, lastCommands));
    }

    [Fact, Trait("Rule", "D10")]
    public async Task TheHistory_SeeksTheAuditTargetIndex_OnEveryProvider()
    {
        var device = await DeviceWithEntriesAsync(3);
        await using var db = H.NewDbContext();
        await db.Database.OpenConnectionAsync();
        if (TestProvider.IsPostgres)
            // A small table would be read whole; the plan must show the index can answer, whatever the size.
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        await using var command = AuditQueries.DeviceEntries(db, device)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(25).CreateDbCommand();
        command.CommandText = (TestProvider.IsPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.CommandText;

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(TestProvider.IsPostgres ? 0 : 3));

        var text = string.Join("\n", plan);
        Assert.Contains("IX_AuditEntries_TargetType_TargetId_At", text);
        Assert.DoesNotContain(TestProvider.IsPostgres ? "Seq Scan" : "SCAN AuditEntries", text);
    }
}
