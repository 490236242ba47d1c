using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Members;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// D9 for devices handed to a new owner by another operation (an O3 move, an M6 removal): their
/// transfer entries carry the replaced token like any transfer, so a previous owner who held it
/// is told the device left its view, not that it was never there.
/// </summary>
public sealed class HandoverConcurrencyTests : ServiceTest
{
    private Task<DeviceToken> TokenAsync(string serial) => H.TokenAsync(serial);

    [Fact, Trait("Rule", "D9"), Trait("Rule", "O3")]
    public async Task ADeviceReassignedByAMove_ReadsAsMovedOutOfView_ForItsFormerOwnersStaleToken()
    {
        // clienta.admin owns CLW-CR-1001 in Client A Warehouse and reaches it only through Client A.
        var token = await TokenAsync("CLW-CR-1001");
        await H.ActAsync("admin@acme.example");
        await H.Get<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(await H.OrganizationIdAsync("Client A Warehouse"),
            await H.OrganizationIdAsync("Client B"), await H.AccountIdAsync("multi@example.com")));

        await H.ActAsync("clienta.admin@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            H.Get<DeviceCommands>().EditAsync(token, new DeviceDraft("Renamed", "CLW-CR-1001", DeviceStatus.Online)));

        Assert.IsNotType<NotFoundException>(error);
        Assert.Equal("Client A Warehouse Cold room 01 was moved out of your view or deleted. Nothing was written.", error.Message);
    }

    [Fact, Trait("Rule", "D9"), Trait("Rule", "M6")]
    public async Task ADeviceReassignedByARemoval_ReadsAsMovedOutOfView_ForItsFormerOwnersStaleToken()
    {
        var userId = await H.AccountIdAsync("clienta.user@acme.example");
        string serial;
        int membershipId;
        await using (var db = H.NewDbContext())
        {
            serial = await db.Devices.Where(d => d.OwnerId == userId && d.Organization!.Name == "Client A")
                .OrderBy(d => d.SerialNumber).Select(d => d.SerialNumber).FirstAsync();
            membershipId = await db.Memberships.Where(m => m.AccountId == userId && m.Organization!.Name == "Client A")
                .Select(m => m.Id).SingleAsync();
        }
        var token = await TokenAsync(serial);
        await H.ActAsync("clienta.admin@acme.example");
        await H.Get<MembershipService>().RemoveAsync(membershipId, await H.AccountIdAsync("clienta.admin@acme.example"));

        await H.ActAsync("clienta.user@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(() => H.Get<DeviceCommands>().DeleteAsync(token));

        Assert.IsNotType<NotFoundException>(error);
        Assert.EndsWith(" was moved out of your view or deleted. Nothing was written.", error.Message);
    }
}
