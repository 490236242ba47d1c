using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

public sealed class DeviceCommandsTests : ServiceTest
{
    private DeviceCommands Commands => H.Get<DeviceCommands>();

    private Task<DeviceToken> TokenAsync(string serial) => H.TokenAsync(serial);

    private async Task<Device> DeviceAsync(int id)
    {
        await using var db = H.NewDbContext();
        return await db.Devices.SingleAsync(d => d.Id == id);
    }

    private async Task<List<AuditEntry>> EntriesAsync(int deviceId)
    {
        await using var db = H.NewDbContext();
        return await db.AuditEntries.Include(e => e.Organizations).Where(e => e.TargetId == deviceId.ToString() && e.TargetType == "Device")
            .OrderBy(e => e.Id).ToListAsync();
    }

    [Fact, Trait("Rule", "D2"), Trait("Rule", "L1")]
    public async Task Create_TrimsNameAndSerial_OwnerDefaultsToTheActor_AndIsAudited()
    {
        var adminId = await H.ActAsync("staff@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");

        var id = (await Commands.CreateAsync(clientA, new DeviceDraft("  Dock gate  ", "  dock-01.a_b  ", DeviceStatus.Online))).DeviceId;

        var device = await DeviceAsync(id);
        Assert.Equal(("Dock gate", "dock-01.a_b", "DOCK-01.A_B", adminId, clientA), (device.Name, device.SerialNumber, device.NormalizedSerialNumber, device.OwnerId, device.OrganizationId));
        var entry = Assert.Single(await EntriesAsync(id));
        Assert.Equal(AuditActions.DeviceCreated, entry.Action);
        Assert.Equal("staff@acme.example", entry.ActorEmail);
        Assert.Equal("Client A", Assert.Single(entry.Organizations).Name);
    }

    [Theory, Trait("Rule", "D2")]
    [InlineData("glx-pu-1001")]
    [InlineData("GLX-PU-1001")]
    [InlineData(" Glx-Pu-1001 ")]
    public async Task Create_WithASerialRegisteredElsewhereDifferingInCase_SaysOnlyThatItIsRegistered(string serial)
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");

        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.CreateAsync(clientA, new DeviceDraft("X", serial, DeviceStatus.Online)));

        Assert.Equal($"Serial number {serial.Trim()} is already registered.", error.Message);
        Assert.DoesNotContain("Globex", error.Message);
    }

    [Theory, Trait("Rule", "D2")]
    [InlineData("AB 12", "letters, digits")]
    [InlineData("AB/12", "letters, digits")]
    [InlineData("   ", "required")]
    public async Task Create_WithAnInvalidSerial_IsRefused_AndWritesNothing(string serial, string expected)
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        await using var before = H.NewDbContext();
        var count = await before.Devices.CountAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.CreateAsync(clientA, new DeviceDraft("X", serial, DeviceStatus.Online)));

        Assert.Contains(expected, error.Message);
        await using var after = H.NewDbContext();
        Assert.Equal(count, await after.Devices.CountAsync());
    }

    [Fact, Trait("Rule", "D2")]
    public async Task Names_AreTrimmedToAtMost80Characters()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");

        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.CreateAsync(clientA, new DeviceDraft(new string('n', 81), "N-81", DeviceStatus.Online)));
        Assert.Contains("at most 80", error.Message);

        var id = (await Commands.CreateAsync(clientA, new DeviceDraft(" " + new string('n', 80) + " ", "N-80", DeviceStatus.Online))).DeviceId;
        Assert.Equal(80, (await DeviceAsync(id)).Name.Length);
    }

    [Fact, Trait("Rule", "D2")]
    public async Task AUser_CannotCreateDevices_AndIsToldTheRoleItNeeds()
    {
        await H.ActAsync("clienta.user@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");

        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.CreateAsync(clientA, new DeviceDraft("X", "X-1", DeviceStatus.Online)));

        Assert.Equal("Creating devices needs Staff in Client A.", error.Message);
    }

    [Fact, Trait("Rule", "D1")]
    public async Task Create_WithAnOwnerWithoutRoleThere_IsRefused_AndWithAMemberOfAnAncestor_Succeeds()
    {
        await H.ActAsync("admin@acme.example");
        var warehouse = await H.OrganizationIdAsync("Client A Warehouse");
        var globexAdmin = await H.AccountIdAsync("globex.admin@globex.example");
        var clientUser = await H.AccountIdAsync("clienta.user@acme.example");

        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.CreateAsync(warehouse, new DeviceDraft("X", "X-1", DeviceStatus.Online), globexAdmin));
        Assert.Equal("The owner must have a role in Client A Warehouse or an organization above it.", error.Message);

        var id = (await Commands.CreateAsync(warehouse, new DeviceDraft("X", "X-1", DeviceStatus.Online), clientUser)).DeviceId;
        Assert.Equal(clientUser, (await DeviceAsync(id)).OwnerId);
    }

    [Fact, Trait("Rule", "D1")]
    public async Task OwnerCandidates_AreTheAccountsWithARoleInTheOrganization()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var candidates = await Commands.OwnerCandidatesAsync(await H.OrganizationIdAsync("Client A Warehouse"));

        Assert.Equal(["admin@acme.example", "clienta.admin@acme.example", "clienta.user@acme.example", "staff@acme.example"],
            candidates.Select(c => c.Email));
        // The list is capped, so the cap must keep a defined set: EF warns about a row limit without an order.
        Assert.DoesNotContain(H.Logs.Entries, e => e.Message.Contains("row limiting operator"));
    }

    [Fact, Trait("Rule", "A4")]
    public async Task CreatingInAnOrganizationOutsideTheView_IsNotFound()
    {
        var clientA = await H.OrganizationIdAsync("Client A");
        await H.ActAsync("globex.admin@globex.example");
        await Assert.ThrowsAsync<NotFoundException>(() => Commands.CreateAsync(clientA, new DeviceDraft("X", "X-1", DeviceStatus.Online)));
    }

    [Fact, Trait("Rule", "D2"), Trait("Rule", "L1")]
    public async Task Edit_ChangesNameSerialAndStatus_RenewsTheToken_AndIsAudited()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var token = await TokenAsync("CLA-SN-1001");

        await Commands.EditAsync(token, new DeviceDraft("Renamed", "cla-sn-1001-b", DeviceStatus.Maintenance));

        var device = await DeviceAsync(token.DeviceId);
        Assert.Equal(("Renamed", "cla-sn-1001-b", DeviceStatus.Maintenance), (device.Name, device.SerialNumber, device.Status));
        Assert.NotEqual(token.Version, device.Version);
        var entry = (await EntriesAsync(token.DeviceId)).Last();
        Assert.Equal(AuditActions.DeviceEdited, entry.Action);
        Assert.Contains("CLA-SN-1001", entry.Before);
        Assert.Contains("cla-sn-1001-b", entry.After);
    }

    [Fact, Trait("Rule", "D2")]
    public async Task Edit_ToTheSameSerialInAnotherCase_IsAllowed_ButToAnotherDevicesSerial_IsRefused()
    {
        await H.ActAsync("admin@acme.example");
        await Commands.EditAsync(await TokenAsync("CLA-SN-1001"), new DeviceDraft("Sensor", "cla-sn-1001", DeviceStatus.Online));

        var other = await TokenAsync("CLA-SN-1002");
        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.EditAsync(other, new DeviceDraft("Sensor", "cla-sn-1001", DeviceStatus.Online)));
        Assert.Equal("Serial number cla-sn-1001 is already registered.", error.Message);
    }

    [Fact, Trait("Rule", "D9")]
    public async Task Edit_WithAStaleToken_WritesNothing_AndSaysWhatChangedWhenAndByWhom()
    {
        var token = await TokenAsync("CLA-SN-1001");
        await H.ActAsync("admin@acme.example");
        await Commands.EditAsync(token, new DeviceDraft("First edit", "CLA-SN-1001", DeviceStatus.Online));
        H.Clock.Advance(TimeSpan.FromMinutes(5));

        await H.ActAsync("clienta.admin@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.EditAsync(token, new DeviceDraft("Second edit", "CLA-SN-1001", DeviceStatus.Online)));

        Assert.Equal("First edit changed after you loaded it: edited by admin@acme.example on 2026-11-01 12:00 UTC. Nothing was written; reload and try again.", error.Message);
        Assert.Equal("First edit", (await DeviceAsync(token.DeviceId)).Name);
    }

    [Fact, Trait("Rule", "D9")]
    public async Task StaleMessage_RedactsAnAccountThatLeftTheView()
    {
        var token = await TokenAsync("CLA-SN-1002");
        await H.CreateAccountAsync("temp.staff@acme.example");
        var tempId = await H.AccountIdAsync("temp.staff@acme.example");
        await using (var db = H.NewDbContext())
        {
            db.Memberships.Add(Membership.Create(tempId, await H.OrganizationIdAsync("Client A"), Role.Staff, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        await H.ActAsync("temp.staff@acme.example");
        await Commands.EditAsync(token, new DeviceDraft("Edited by temp", "CLA-SN-1002", DeviceStatus.Online));
        await using (var db = H.NewDbContext())
            await db.Memberships.Where(m => m.AccountId == tempId).ExecuteDeleteAsync();

        await H.ActAsync("clienta.admin@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.EditAsync(token, new DeviceDraft("Mine", "CLA-SN-1002", DeviceStatus.Online)));

        Assert.Contains("edited by an account outside your view", error.Message);
        Assert.DoesNotContain("temp.staff", error.Message);
    }

    [Fact, Trait("Rule", "D2"), Trait("Rule", "L1"), Trait("Rule", "D9")]
    public async Task Delete_RemovesTheDevice_KeepsItsHistory_AndALaterEditSaysItWasMovedOutOrDeleted()
    {
        await H.ActAsync("staff@acme.example");
        var token = await TokenAsync("CLB-MT-1001");

        await Commands.DeleteAsync(token);

        await using (var db = H.NewDbContext())
            Assert.False(await db.Devices.AnyAsync(d => d.Id == token.DeviceId));
        var entries = await EntriesAsync(token.DeviceId);
        Assert.Equal([AuditActions.DeviceCreated, AuditActions.DeviceDeleted], entries.Select(e => e.Action));
        Assert.Equal("Client B", Assert.Single(entries[1].Organizations).Name);

        var error = await Assert.ThrowsAsync<DomainException>(() => Commands.EditAsync(token, new DeviceDraft("X", "CLB-MT-1001", DeviceStatus.Online)));
        Assert.Equal("Client B Meter 01 was moved out of your view or deleted. Nothing was written.", error.Message);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task Editing_ADeviceOutsideTheView_OrAMissingOne_IsNotFound()
    {
        await H.ActAsync("globex.admin@globex.example");
        var foreign = await TokenAsync("CLA-SN-1001");

        await Assert.ThrowsAsync<NotFoundException>(() => Commands.EditAsync(foreign, new DeviceDraft("X", "X-1", DeviceStatus.Online)));
        await Assert.ThrowsAsync<NotFoundException>(() => Commands.DeleteAsync(foreign));
        await Assert.ThrowsAsync<NotFoundException>(() => Commands.DeleteAsync(new DeviceToken(999_999, Guid.NewGuid())));
        Assert.Equal("Client A Sensor 01", (await DeviceAsync(foreign.DeviceId)).Name);
    }

    [Fact, Trait("Rule", "A2")]
    public async Task AUserOwner_CannotEditItsDevice_AndIsToldTheRoleItNeeds()
    {
        await H.ActAsync("clienta.user@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await Commands.EditAsync(await TokenAsync("CLA-TR-1001"), new DeviceDraft("X", "CLA-TR-1001", DeviceStatus.Online)));

        Assert.Equal("Editing devices needs Staff in Client A.", error.Message);
    }
}
