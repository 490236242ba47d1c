using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Services.Audit;

/// <summary>D10 and L3 keyset cursors as the API chains them: a device's history by key, and any page size after a cursor.</summary>
public sealed class AuditCursorTests : ServiceTest
{
    private AuditQueries Audit => H.Get<AuditQueries>();

    [Fact, Trait("Rule", "D10")]
    public async Task DeviceHistory_WalkedByCursor_IsTheWholeHistoryOnce_AndAForeignCursorIsRefused()
    {
        var device = await H.DeviceIdAsync("ACME-GW-1001");
        for (var i = 0; i < 5; i++)
            await H.AddDeviceEntryAsync(device, "Acme IoT Gateway 01", $"Entry {i}", "Acme IoT");
        await H.ActAsync("admin@acme.example");

        var walked = new List<long>();
        string? cursor = null;
        for (var guard = 0; guard < 20; guard++)
        {
            var page = await Audit.GetDeviceHistoryAsync(device, walked.Count, 2, cursor);
            walked.AddRange(page.Rows.Select(r => r.Id));
            if ((cursor = page.NextCursor) is null) break;
        }

        var all = await Audit.GetDeviceHistoryAsync(device, take: 100);
        Assert.Equal(all.Rows.Select(r => r.Id), walked);
        var first = (await Audit.GetDeviceHistoryAsync(device, take: 2)).NextCursor!;
        var other = await H.DeviceIdAsync("CLA-SN-1001");
        await Assert.ThrowsAsync<InvalidCursorException>(() => Audit.GetDeviceHistoryAsync(other, 2, 2, first));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), Cursor: first)));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnAuditCursor_MayBeFollowedByAnyPageSize()
    {
        await H.ActAsync("admin@acme.example");
        var cursor = (await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), Take: 3))).NextCursor;

        var next = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), 3, 4, Cursor: cursor));

        var all = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), Take: 100));
        Assert.Equal(all.Rows.Skip(3).Take(4).Select(r => r.Id), next.Rows.Select(r => r.Id));
    }
}
