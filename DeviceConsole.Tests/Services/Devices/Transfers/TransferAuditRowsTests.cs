using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices.Transfers;

/// <summary>
/// A bulk transfer writes its entries set-based in SQL; each must be exactly the entry the typed
/// <see cref="AuditLog.DeviceTransferred"/> method builds for that device (L1), names that JSON escapes included.
/// </summary>
public sealed class TransferAuditRowsTests : ServiceTest
{
    // Every kind of character the entries' JSON encoder treats apart: HTML-sensitive ASCII, a backslash, accents, an emoji.
    private const string AwkwardOrganization = "Müller & Söhne \"Nord\" <+'`\\> 😀";
    private const string AwkwardDevice = "Pump «α» & <β> \"7\"";
    private const string AwkwardOwner = "ops+north@acme.example";

    private async Task<(int DeviceId, Guid Version, int From)> AwkwardDeviceAsync()
    {
        await H.ActAsync("admin@acme.example");
        await H.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(await H.OrganizationIdAsync("Acme IoT"), AwkwardOrganization));
        var from = await H.OrganizationIdAsync(AwkwardOrganization);
        var owner = await H.CreateAccountAsync(AwkwardOwner);
        // A role at the root: the owner keeps access wherever the device goes in the tree.
        await H.AddMembershipAsync(AwkwardOwner, "Acme IoT", Role.User);
        await using var db = H.NewDbContext();
        var device = Device.Create(AwkwardDevice, "AWK-1", from, owner, DeviceStatus.Online, H.Clock.GetUtcNow().UtcDateTime);
        db.Devices.Add(device);
        await db.SaveChangesAsync();
        return (device.Id, device.Version, from);
    }

    [Theory, Trait("Rule", "D8"), Trait("Rule", "L1")]
    [InlineData(null)]
    [InlineData("clienta.admin@acme.example")]
    public async Task TheSetBasedEntry_IsTheEntryTheTypedMethodBuilds(string? newOwner)
    {
        var (deviceId, versionBefore, from) = await AwkwardDeviceAsync();
        var actorId = await H.ActAsync("admin@acme.example");
        var to = await H.OrganizationIdAsync("Client A");

        var result = await H.Get<TransferService>().TransferAsync(new TransferRequest([new DeviceToken(deviceId, versionBefore)], to, newOwner));
        Assert.Equal(1, result.Moved);

        await using var db = H.NewDbContext();
        var written = await db.AuditEntries.AsNoTracking().Include(e => e.Organizations)
            .SingleAsync(e => e.Action == AuditActions.DeviceTransferred && e.TargetId == deviceId.ToString());
        var versionAfter = await db.Devices.Where(d => d.Id == deviceId).Select(d => d.Version).SingleAsync();
        var handover = new DeviceHandover(deviceId, AwkwardDevice, await db.Organizations.SingleAsync(o => o.Id == from),
            await db.Organizations.SingleAsync(o => o.Id == to), AwkwardOwner, newOwner ?? AwkwardOwner, versionBefore, versionAfter);
        var expected = H.Get<AuditLog>().DeviceTransferred(db, new Actor(actorId, "admin@acme.example"), handover);

        Assert.Equal(Columns(expected), Columns(written));
        Assert.Equal(Places(expected), Places(written));
        Assert.Contains("\\u00FC", written.Before);
    }

    [Fact, Trait("Rule", "D8"), Trait("Rule", "L1")]
    public async Task EveryDeviceOfABulkTransfer_GetsItsOwnEntry_WithItsOwnSourceAndOwner()
    {
        var (awkwardId, awkwardVersion, _) = await AwkwardDeviceAsync();
        var tokens = await TransferTestData.AddDevicesAsync(H, "Client A", "clienta.user@acme.example", 3, "BULK");
        await H.ActAsync("admin@acme.example");
        var warehouse = await H.OrganizationIdAsync("Client A Warehouse");

        await H.Get<TransferService>().TransferAsync(new TransferRequest([.. tokens, new DeviceToken(awkwardId, awkwardVersion)], warehouse, null));

        await using var db = H.NewDbContext();
        var entries = await db.AuditEntries.AsNoTracking().Include(e => e.Organizations)
            .Where(e => e.Action == AuditActions.DeviceTransferred).ToListAsync();
        Assert.Equal(4, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct().Count());
        foreach (var token in tokens)
        {
            var entry = Assert.Single(entries, e => e.TargetId == token.DeviceId.ToString());
            Assert.Equal([(AuditParts.Source, "Client A"), (AuditParts.Destination, "Client A Warehouse")],
                entry.Organizations.OrderBy(o => o.Id).Select(o => (o.Part, o.Name)));
            Assert.Contains("(clienta.user@acme.example) to Client A Warehouse (clienta.user@acme.example)", entry.Summary);
        }
        var awkward = Assert.Single(entries, e => e.TargetId == awkwardId.ToString());
        Assert.Equal(AwkwardOrganization, awkward.Organizations.OrderBy(o => o.Id).First().Name);
    }

    private static string[] Columns(AuditEntry e) =>
        [e.At.Ticks.ToString(), e.ActorId ?? "", e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName, e.Summary, e.Before ?? "", e.After ?? ""];

    private static (string, int, string, string)[] Places(AuditEntry e) =>
        e.Organizations.OrderBy(o => o.Id).Select(o => (o.Part, o.OrganizationId, o.Name, o.Path)).ToArray();
}
