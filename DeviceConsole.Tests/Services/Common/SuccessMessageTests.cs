using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Members;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Common;

/// <summary>
/// The sentence an action ends with comes from the service that did it, as its refusals do, so the
/// console, the API and any later caller tell the actor the same thing.
/// </summary>
public sealed class SuccessMessageTests : ServiceTest
{
    private Task<DeviceToken> TokenAsync(int deviceId) => H.TokenAsync(deviceId);

    [Fact, Trait("Rule", "D2")]
    public async Task DeviceCommands_NameTheDeviceAndWhatHappened()
    {
        await H.ActAsync("admin@acme.example");
        var devices = H.Get<DeviceCommands>();

        var created = await devices.CreateAsync(await H.OrganizationIdAsync("Client A"), new DeviceDraft(" Dock gate ", "DOCK-1", DeviceStatus.Online));
        Assert.Equal("Dock gate was created in Client A.", created.Message);

        var unchanged = await devices.EditAsync(await TokenAsync(created.DeviceId), new DeviceDraft("Dock gate", "DOCK-1", DeviceStatus.Online));
        Assert.Equal("Nothing to save: Dock gate is unchanged.", unchanged.Message);

        var saved = await devices.EditAsync(await TokenAsync(created.DeviceId), new DeviceDraft("Dock gate 2", "DOCK-1", DeviceStatus.Online));
        Assert.Equal((created.DeviceId, "Dock gate 2 was saved."), (saved.DeviceId, saved.Message));

        var deleted = await devices.DeleteAsync(await TokenAsync(created.DeviceId));
        Assert.Equal("Dock gate 2 was deleted; its history stays in the audit log.", deleted.Message);
    }

    [Fact, Trait("Rule", "O1"), Trait("Rule", "O2"), Trait("Rule", "O4")]
    public async Task OrganizationCommands_NameTheOrganizationAndWhatEndedWithIt()
    {
        await H.ActAsync("admin@acme.example");
        var organizations = H.Get<OrganizationCommands>();

        var created = await organizations.CreateAsync(new CreateOrganizationRequest(await H.OrganizationIdAsync("Client B"), "Lab"));
        Assert.Equal("Lab was created in Client B.", created.Message);
        Assert.Equal("Acme IoT / Client B / Lab", created.Organization.PathLabel);

        var renamed = await organizations.RenameAsync(new RenameOrganizationRequest(created.Organization.Id, "Test lab"));
        Assert.Equal(("Lab is now Test lab.", "Acme IoT / Client B / Test lab"), (renamed.Message, renamed.Organization.PathLabel));
        var same = await organizations.RenameAsync(new RenameOrganizationRequest(created.Organization.Id, "Test lab"));
        Assert.Equal("Nothing to save: the organization is already called Test lab.", same.Message);

        await H.Get<InvitationService>().InviteAsync(created.Organization.Id, "new.person@example.com", Role.User, "https://console.example/");
        var deleted = await organizations.DeleteAsync(created.Organization.Id);
        Assert.Equal("Test lab was deleted; 1 pending invitation ended with it.", deleted.Message);
    }

    [Fact, Trait("Rule", "O3")]
    public async Task Move_NamesTheNewPlace_AndWhoNowOwnsTheHandedOverDevices()
    {
        await H.ActAsync("admin@acme.example");
        var request = new MoveOrganizationRequest(await H.OrganizationIdAsync("Client A Warehouse"), await H.OrganizationIdAsync("Client B"),
            await H.AccountIdAsync("multi@example.com"));
        var preview = await H.Get<OrganizationMoves>().PreviewMoveAsync(request);
        Assert.NotEmpty(preview.BlockedDevices);

        var moved = await H.Get<OrganizationMoves>().MoveAsync(request);

        var devices = preview.BlockedDevices.Count;
        Assert.Equal($"Client A Warehouse was moved: Acme IoT / Client B / Client A Warehouse. {devices} device{(devices == 1 ? " now belongs" : "s now belong")} to multi@example.com.",
            moved.Message);
    }

    [Fact, Trait("Rule", "M4")]
    public async Task Revoke_SaysTheLinkNoLongerWorks()
    {
        await H.ActAsync("admin@acme.example");
        var invitations = H.Get<InvitationService>();
        var sent = await invitations.InviteAsync(await H.OrganizationIdAsync("Client A"), "new.person@example.com", Role.User, "https://console.example/");

        var revoked = await invitations.RevokeAsync(sent.InvitationId);

        Assert.Equal("The invitation of new.person@example.com was revoked; its link no longer works.", revoked.Message);
    }

    [Fact, Trait("Rule", "S3")]
    public async Task NewRootOrganization_SaysTheActorIsItsAdmin()
    {
        await H.CreateAccountAsync("lonely@example.com");
        await H.ActAsync("lonely@example.com");

        var created = await H.Get<RegistrationService>().CreateRootOrganizationAsync("Lonely Labs");

        Assert.Equal("Lonely Labs was created; you are its Admin.", created.Message);
    }
}
