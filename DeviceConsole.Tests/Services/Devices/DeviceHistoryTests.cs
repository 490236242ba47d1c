using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;
using DeviceConsole.Tests.Support;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Services.Devices;

public sealed class DeviceHistoryTests : ServiceTest
{
    private const string HiddenOrganization = "an organization outside your view";
    private const string HiddenAccount = "an account outside your view";


    private AuditQueries Audit => H.Get<AuditQueries>();

    /// <summary>CLB-MT-1001 is edited in Client B by multi@example.com, then transferred into Client A.</summary>
    private async Task<int> TransferFromClientBAsync()
    {
        var device = await H.DeviceIdAsync("CLB-MT-1001");
        H.Clock.Advance(TimeSpan.FromHours(1));
        await H.AddDeviceEntryAsync(device, "Client B Meter 01", "multi@example.com set Client B Meter 01 to maintenance",
            "Client B", "multi@example.com", before: new { Status = "Online" }, after: new { Status = "Maintenance" });
        H.Clock.Advance(TimeSpan.FromHours(1));
        await H.AddEntryAsync(AuditActions.DeviceTransferred, AuditTargets.Device, device.ToString(), "Client B Meter 01",
            "Client B Meter 01 moved from Client B to Client A", [("Client B", AuditParts.Source), ("Client A", AuditParts.Destination)],
            "admin@acme.example", before: new { Owner = "multi@example.com", Organization = "Client B" },
            after: new { Owner = "clienta.user@acme.example", Organization = "Client A" });
        await H.MoveDeviceAsync("CLB-MT-1001", "Client A", "clienta.user@acme.example");
        return device;
    }

    [Fact, Trait("Rule", "D10")]
    public async Task ATransferredDevice_KeepsItsWholeHistory_RedactedForItsNewOrganizationsAdmin()
    {
        var device = await TransferFromClientBAsync();
        await H.ActAsync("clienta.admin@acme.example");

        var history = await Audit.GetDeviceHistoryAsync(device);

        Assert.Equal(3, history.Total);
        Assert.Equal([AuditActions.DeviceTransferred, AuditActions.DeviceEdited, AuditActions.DeviceCreated], history.Rows.Select(r => r.Action));
        var (transfer, edit, created) = (history.Rows[0], history.Rows[1], history.Rows[2]);
        Assert.Equal("Client B Meter 01 moved from " + HiddenOrganization + " to Client A", transfer.Summary);
        Assert.Equal("admin@acme.example", transfer.Actor);
        Assert.Equal((HiddenAccount, HiddenOrganization), (edit.Actor, edit.Where));
        Assert.Equal(HiddenAccount + " set Client B Meter 01 to maintenance", edit.Summary);
        Assert.Equal(new AuditDetail("status", "Online", "Maintenance"), Assert.Single(edit.Details));
        Assert.Equal(("system", "Registered Client B Meter 01 in " + HiddenOrganization + " (demo data)"), (created.Actor, created.Summary));
    }

    [Fact, Trait("Rule", "D10")]
    public async Task TheRootAdmin_ReadsTheSameHistoryWhole()
    {
        var device = await TransferFromClientBAsync();
        await H.ActAsync("admin@acme.example");

        var history = await Audit.GetDeviceHistoryAsync(device);

        Assert.Equal("multi@example.com", history.Rows[1].Actor);
        Assert.Equal("Registered Client B Meter 01 in Client B (demo data)", history.Rows[2].Summary);
    }

    [Fact, Trait("Rule", "D10")]
    public async Task Staff_ReadTheHistory_OfADeviceTheyManage()
    {
        await H.ActAsync("staff@acme.example");

        var history = await Audit.GetDeviceHistoryAsync(await H.DeviceIdAsync("CLW-CR-1001"));

        Assert.Equal(AuditActions.DeviceCreated, Assert.Single(history.Rows).Action);
    }

    [Fact, Trait("Rule", "D10"), Trait("Rule", "L2")]
    public async Task AUserOwner_IsRefusedWithTheRoleItNeeds_AndTheRefusalIsLogged()
    {
        var userId = await H.ActAsync("clienta.user@acme.example");
        var before = await H.AuditCountAsync();

        var refusal = await Assert.ThrowsAsync<DomainException>(async () => await Audit.GetDeviceHistoryAsync(await H.DeviceIdAsync("CLA-TR-1001")));

        Assert.IsNotType<NotFoundException>(refusal);
        Assert.Equal("Reading a device's history needs Staff in Client A.", refusal.Message);
        Assert.Contains(H.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("D10") && e.Message.Contains(userId));
        Assert.Equal(before, await H.AuditCountAsync());
    }

    [Theory, Trait("Rule", "D10")]
    [InlineData("clienta.user@acme.example", "CLA-SN-1001")]
    [InlineData("globex.admin@globex.example", "CLA-SN-1001")]
    [InlineData("clienta.admin@acme.example", "CLB-MT-1001")]
    public async Task ADeviceOutsideTheView_IsNotFound_LikeAMissingOne(string email, string serial)
    {
        var device = await H.DeviceIdAsync(serial);
        await H.ActAsync(email);

        var foreign = await Assert.ThrowsAsync<NotFoundException>(() => Audit.GetDeviceHistoryAsync(device));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => Audit.GetDeviceHistoryAsync(999_999));

        Assert.Equal(missing.Message, foreign.Message);
    }

    [Fact, Trait("Rule", "D10")]
    public async Task ADeviceTransferredAway_LeavesItsOldHistoryToItsNewManagersOnly()
    {
        var device = await TransferFromClientBAsync();
        await H.ActAsync("clienta.admin@acme.example");
        Assert.Equal(3, (await Audit.GetDeviceHistoryAsync(device)).Total);

        // multi@example.com is only a User in Client B: the device's history is not its to read, wherever the device is.
        await H.ActAsync("multi@example.com");
        await Assert.ThrowsAsync<NotFoundException>(() => Audit.GetDeviceHistoryAsync(device));
    }
}
