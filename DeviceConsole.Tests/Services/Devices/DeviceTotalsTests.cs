using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// A6 totals read from the per-organization counts the database keeps: equal to the visible rows
/// for every kind of actor and filter, and still exact after every kind of device write.
/// </summary>
public sealed class DeviceTotalsTests : ServiceTest
{
    private static readonly (string Actor, string Organization)[] Lists =
    [
        ("admin@acme.example", "Acme IoT"),
        ("staff@acme.example", "Client A"),
        ("clienta.admin@acme.example", "Client A"),
        ("admin@acme.example", "Client A Warehouse"),
        ("clienta.user@acme.example", "Client A"),
        ("multi@example.com", "Client B"),
        ("globex.admin@globex.example", "Globex"),
    ];

    /// <summary>Every list above, whole subtree or one organization, every status: the total is the number of rows.</summary>
    private async Task AssertTotalsMatchRowsAsync()
    {
        foreach (var (actor, organization) in Lists)
        {
            await H.ActAsync(actor);
            var id = await H.OrganizationIdAsync(organization);
            foreach (var subtree in new[] { true, false })
                foreach (var status in Enum.GetValues<DeviceStatus>().Cast<DeviceStatus?>().Prepend(null))
                {
                    var page = await H.Get<DeviceQueries>().ListAsync(id,
                        new DeviceListRequest(Status: status, IncludeSubOrganizations: subtree, Take: DeviceListRequest.MaxPageSize));
                    Assert.True(page.Rows.Count < DeviceListRequest.MaxPageSize, "the demo lists fit on one page");
                    Assert.True(page.Total == page.Rows.Count, $"{actor} in {organization}, subtree {subtree}, status {status}: total {page.Total}, rows {page.Rows.Count}");
                }
        }
        await using var db = H.NewDbContext();
        var counted = await db.DeviceCounts.Where(c => c.Count != 0).OrderBy(c => c.OrganizationId).ThenBy(c => c.Status)
            .Select(c => new { c.OrganizationId, c.Status, c.Count }).ToListAsync();
        var actual = await db.Devices.GroupBy(d => new { d.OrganizationId, d.Status })
            .Select(g => new { g.Key.OrganizationId, g.Key.Status, Count = g.Count() })
            .OrderBy(c => c.OrganizationId).ThenBy(c => c.Status).ToListAsync();
        Assert.Equal(actual, counted);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task Totals_EqualTheVisibleRows_ForAdminsStaffAndUsers()
    {
        await H.ActAsync("clienta.user@acme.example");
        await AssertTotalsMatchRowsAsync();
    }

    [Fact, Trait("Rule", "A6"), Trait("Rule", "D8")]
    public async Task Totals_StayExact_AfterCreatingEditingTransferringMovingAndDeleting()
    {
        await H.ActAsync("admin@acme.example");
        var devices = H.Get<DeviceCommands>();
        var clientA = await H.OrganizationIdAsync("Client A");
        var created = await devices.CreateAsync(clientA, new DeviceDraft("Counted one", "CNT-1", DeviceStatus.Online));
        await AssertTotalsMatchRowsAsync();

        await H.ActAsync("admin@acme.example");
        var token = await TransferTestData.TokenAsync(H, "CNT-1");
        await devices.EditAsync(token, new DeviceDraft("Counted one", "CNT-1", DeviceStatus.Maintenance));
        await AssertTotalsMatchRowsAsync();

        await H.ActAsync("admin@acme.example");
        var bulk = new[] { "CNT-1", "CLA-SN-1001", "CLA-SN-1002" };
        var tokens = new List<DeviceToken>();
        foreach (var serial in bulk)
            tokens.Add(await TransferTestData.TokenAsync(H, serial));
        await H.Get<TransferService>().TransferAsync(new TransferRequest(tokens, await H.OrganizationIdAsync("Client B"), "admin@acme.example"));
        await AssertTotalsMatchRowsAsync();

        var admin = await H.ActAsync("admin@acme.example");
        await H.Get<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(await H.OrganizationIdAsync("Client A Warehouse"),
            await H.OrganizationIdAsync("Client B"), admin));
        await AssertTotalsMatchRowsAsync();

        await H.ActAsync("admin@acme.example");
        await devices.DeleteAsync(await TransferTestData.TokenAsync(H, "CNT-1"));
        await AssertTotalsMatchRowsAsync();
        Assert.True(created.DeviceId > 0);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task Total_OfAnUnfilteredList_IsReadFromTheCounts_NotByCountingDevices()
    {
        await H.ActAsync("admin@acme.example");
        var acme = await H.OrganizationIdAsync("Acme IoT");
        var before = H.Logs.Entries.Count;
        await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest());
        var commands = H.Logs.Entries.Skip(before)
            .Where(e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Message.StartsWith("Executed DbCommand", StringComparison.Ordinal))
            .Select(e => e.Message).ToList();
        Assert.Contains(commands, c => c.Contains("\"DeviceCounts\"", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase));
    }
}
