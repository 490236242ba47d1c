using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Audit;

/// <summary>
/// L3: pages and exports take a shorter way for entries that hide nothing from the actor (the
/// stored text); whoever reads, every entry comes out exactly as the full redaction writes it.
/// </summary>
public sealed class AuditRedactionPathTests : ServiceTest
{
    [Theory, Trait("Rule", "L3")]
    [MemberData(nameof(AuditTestData.Readers), MemberType = typeof(AuditTestData))]
    public async Task EveryEntry_ReadsTheSameByTheShortWay_AsByTheFullRedaction(string reader)
    {
        await H.AddAwkwardDeviceEntriesAsync();
        var device = await H.DeviceIdAsync("CLA-SN-1003");
        // A hidden email in one text only (the summary, the target, the details), in organizations every Acme reader sees.
        await H.AddEntryAsync(AuditActions.DeviceEdited, AuditTargets.Device, device.ToString(), "Client A Sensor 03",
            "Shown to globex.admin@globex.example", [("Client A", AuditParts.Organization)], "clienta.admin@acme.example");
        await H.AddEntryAsync(AuditActions.DeviceEdited, AuditTargets.Device, device.ToString(), "Lent to globex.admin@globex.example",
            "Renamed", [("Client A", AuditParts.Organization)], "clienta.admin@acme.example");
        await H.AddEntryAsync(AuditActions.DeviceEdited, AuditTargets.Device, device.ToString(), "Client A Sensor 03",
            "Edited", [("Client A", AuditParts.Organization)], "globex.admin@globex.example", after: new { Note = "see globex.admin@globex.example" });
        await H.ActAsync(reader);
        await using var op = await H.Get<Operations>().BeginReadAsync();
        var entries = await op.Db.AuditEntries.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new AuditEntryData(e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName,
                e.Summary, e.Before, e.After,
                e.Organizations.OrderBy(o => o.Id).Select(o => new AuditPlaceData(o.Part, o.OrganizationId, o.Name, o.Path)).ToList()))
            .ToListAsync();
        var redactor = await AuditRedactor.CreateAsync(op.Db, op.View, entries, CancellationToken.None);
        var json = new ReadableJson();

        var shortWay = entries.Select(e => Line(redactor.ApplyToPage(e, json))).ToList();
        var fullWay = entries.Select(e => Line(redactor.Apply(e))).ToList();

        Assert.True(entries.Count > 20);
        Assert.Equal(fullWay, shortWay);
        // Both ways are exercised: some entries hide something from every reader but the root Admin.
        if (reader != "admin@acme.example")
            Assert.Contains(fullWay, l => l.Contains(AuditRedactor.HiddenOrganization) || l.Contains(AuditRedactor.HiddenAccount));
    }

    private static string Line(AuditRow r) => string.Join("|", r.Id, r.At.Ticks, r.Actor, r.Action, r.TargetType, r.TargetId, r.Target,
        string.Join(";", r.Organizations.Select(o => $"{o.Part}:{o.OrganizationId}:{o.Name}")), r.Summary, r.Before, r.After);
}
