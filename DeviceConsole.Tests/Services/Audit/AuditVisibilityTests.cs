using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Audit;

/// <summary>L3 in both of its SQL shapes (entry by entry for broad views, by index for narrow ones): the same entries for every viewer.</summary>
public sealed class AuditVisibilityTests : ServiceTest
{
    private static readonly string[] Viewers =
        ["admin@acme.example", "staff@acme.example", "clienta.admin@acme.example", "multi@example.com", "globex.admin@globex.example"];

    private async Task<(List<long> Broad, List<long> Narrow)> BothShapesAsync(string email)
    {
        await H.ActAsync(email);
        await using var op = await H.Get<Operations>().BeginReadAsync();
        var broad = await (await AuditVisibility.ApplyAsync(op.Db, op.View, default, broad: true)).Select(e => e.Id).OrderBy(id => id).ToListAsync();
        var narrow = await (await AuditVisibility.ApplyAsync(op.Db, op.View, default, broad: false)).Select(e => e.Id).OrderBy(id => id).ToListAsync();
        return (broad, narrow);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task BothShapes_ShowEveryViewerTheSameEntries_IncludingDevicesThatCameFromElsewhere()
    {
        // Entries of a device from before it entered a subtree: visible there by its target only.
        await H.AddDeviceEntryAsync(await H.DeviceIdAsync("CLB-MT-1001"), "Client B Meter 01", "Before its move", "Client B");
        await H.MoveDeviceAsync("CLB-MT-1001", "Client A Warehouse", "clienta.admin@acme.example");
        await H.AddMembershipAsync("multi@example.com", "Client A Warehouse", Role.Staff);

        foreach (var viewer in Viewers)
        {
            var (broad, narrow) = await BothShapesAsync(viewer);
            Assert.NotEmpty(broad);
            Assert.True(broad.SequenceEqual(narrow), $"{viewer}: {broad.Count} entries read entry by entry, {narrow.Count} by index");
        }
    }
}
