using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// D10 and L3: a device's history is one hand-written statement (the device, the page and where its
/// organizations are now). Page by page, whoever reads, it is what the general way gives: the
/// entries read by LINQ, the organizations looked up apart, the full redaction.
/// </summary>
public sealed class DeviceHistoryStatementTests : ServiceTest
{
    [Theory, Trait("Rule", "D10"), Trait("Rule", "L3")]
    [MemberData(nameof(AuditTestData.Readers), MemberType = typeof(AuditTestData))]
    public async Task EveryPage_IsTheGeneralWaysPage(string reader)
    {
        var device = await HistoryWithEveryKindOfEntryAsync();
        await H.ActAsync(reader);
        var expected = await GeneralWayAsync(device);
        if (expected is null)
        {
            // Refused the general way (not found, or the role it needs): refused the same way here.
            var refusal = await RefusalAsync(device);
            var thrown = await Assert.ThrowsAnyAsync<Exception>(() => H.Get<AuditQueries>().GetDeviceHistoryAsync(device));
            Assert.Equal((refusal.GetType(), refusal.Message), (thrown.GetType(), thrown.Message));
            return;
        }

        foreach (var take in new[] { 1, 4, 25 })
        {
            var walked = new List<string>();
            string? cursor = null;
            for (var page = 0; page < 100; page++)
            {
                var result = await H.Get<AuditQueries>().GetDeviceHistoryAsync(device, walked.Count, take, cursor);
                walked.AddRange(result.Rows.Select(Line));
                Assert.Equal(expected.Count, result.Total);
                if ((cursor = result.NextCursor) is null) break;
            }
            Assert.Equal(expected, walked);
            // A page by offset reads the same rows as by cursor.
            var second = await H.Get<AuditQueries>().GetDeviceHistoryAsync(device, take, take);
            Assert.Equal(expected.Skip(take).Take(take), second.Rows.Select(Line));
        }
        Assert.True(expected.Count > 5, $"{expected.Count} entries");
        // The redaction is exercised: a sub-organization's Admin and Staff have things hidden from them.
        if (reader != "admin@acme.example")
            Assert.Contains(expected, l => l.Contains(AuditRedactor.HiddenOrganization) || l.Contains(AuditRedactor.HiddenAccount));
    }

    [Fact, Trait("Rule", "D10")]
    public async Task APagePastTheEnd_IsEmpty_WithTheTotal_AndAMissingDeviceIsNotFound()
    {
        await H.ActAsync("admin@acme.example");
        var device = await H.DeviceIdAsync("CLA-SN-1003");
        int entries;
        await using (var db = H.NewDbContext())
            entries = await AuditQueries.DeviceEntries(db, device).CountAsync();

        var page = await H.Get<AuditQueries>().GetDeviceHistoryAsync(device, skip: 500);

        Assert.Empty(page.Rows);
        Assert.Equal(entries, page.Total);
        Assert.InRange(entries, 1, 100);
        await Assert.ThrowsAsync<NotFoundException>(() => H.Get<AuditQueries>().GetDeviceHistoryAsync(int.MaxValue));
    }

    /// <summary>
    /// CLA-SN-1003's history with awkward details, hidden emails in one text each, and entries of two
    /// organizations: one since deleted (judged by its stored path), one since moved (judged where it is now).
    /// </summary>
    private async Task<int> HistoryWithEveryKindOfEntryAsync()
    {
        await H.AddAwkwardDeviceEntriesAsync();
        var device = await H.DeviceIdAsync("CLA-SN-1003");
        await H.ActAsync("admin@acme.example");
        var lab = (await H.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(await H.OrganizationIdAsync("Client A"), "Short-lived lab")))
            .Organization;
        await H.AddEntryAsync(AuditActions.DeviceTransferred, AuditTargets.Device, device.ToString(), "Client A Sensor 03",
            "Lent to Short-lived lab", [("Client A", AuditParts.Source), ("Short-lived lab", AuditParts.Destination)], "clienta.admin@acme.example");
        await H.Get<OrganizationCommands>().DeleteAsync(lab.Id);
        await H.AddEntryAsync(AuditActions.DeviceEdited, AuditTargets.Device, device.ToString(), "Client A Sensor 03",
            "Shown to globex.admin@globex.example", [("Client A", AuditParts.Organization)], "clienta.admin@acme.example");
        await H.AddEntryAsync(AuditActions.DeviceEdited, AuditTargets.Device, device.ToString(), "Client A Sensor 03",
            "Edited", [("Client A", AuditParts.Organization), ("Client B", AuditParts.Destination)], "globex.admin@globex.example",
            after: new { Note = "see multi@example.com" });
        // Client B now lies under Client A: judged where it is now, its name is no longer hidden from Client A's Admin.
        await H.Get<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(await H.OrganizationIdAsync("Client B"), await H.OrganizationIdAsync("Client A")));
        return device;
    }

    /// <summary>The whole history the general way, newest first; null when the reader may not read it.</summary>
    private async Task<List<string>?> GeneralWayAsync(int device)
    {
        await using var op = await H.Get<Operations>().BeginReadAsync();
        try
        {
            await H.Get<AccessService>().RequireDeviceRoleAsync(op.Db, op.View, device, Role.Staff, "Reading a device's history", "D10");
        }
        catch (DomainException)
        {
            return null;
        }
        var entries = await AuditQueries.DeviceEntries(op.Db, device).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new AuditEntryData(e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName,
                e.Summary, e.Before, e.After,
                e.Organizations.OrderBy(o => o.Id).Select(o => new AuditPlaceData(o.Part, o.OrganizationId, o.Name, o.Path)).ToList()))
            .ToListAsync();
        var redactor = await AuditRedactor.CreateAsync(op.Db, op.View, entries, CancellationToken.None);
        return entries.Select(e => Line(redactor.Apply(e))).ToList();
    }

    private async Task<Exception> RefusalAsync(int device)
    {
        await using var op = await H.Get<Operations>().BeginReadAsync();
        return await Assert.ThrowsAnyAsync<Exception>(() =>
            H.Get<AccessService>().RequireDeviceRoleAsync(op.Db, op.View, device, Role.Staff, "Reading a device's history", "D10"));
    }

    private static string Line(AuditRow r) => string.Join("|", r.Id, r.At.Ticks, r.Actor, r.Action, r.TargetType, r.TargetId, r.Target,
        string.Join(";", r.Organizations.Select(o => $"{o.Part}:{o.OrganizationId}:{o.Name}")), r.Summary, r.Before, r.After);
}
