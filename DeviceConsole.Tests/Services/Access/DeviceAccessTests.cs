using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Services.Access;

public sealed class DeviceAccessTests : ServiceTest
{
    private async Task<DeviceDetails> DetailsAsync(string email, string serial)
    {
        await H.ActAsync(email);
        return await H.Get<DeviceQueries>().GetAsync(await H.DeviceIdAsync(serial));
    }

    [Fact, Trait("Rule", "A7")]
    public async Task WhoHasAccess_ListsAdminsStaffAndOwner_WithTheMembershipEachRoleComesFrom()
    {
        // CLW-CR-1002 is a Client A Warehouse device owned by clienta.user (User of Client A).
        var details = await DetailsAsync("admin@acme.example", "CLW-CR-1002");
        var access = details.Access!.ToDictionary(a => a.Email);

        Assert.Equal(["admin@acme.example", "clienta.admin@acme.example", "staff@acme.example", "clienta.user@acme.example"],
            details.Access!.Select(a => a.Email));
        Assert.Equal((Role.Admin, "Acme IoT", true), (access["admin@acme.example"].Role!.Value, access["admin@acme.example"].SourceOrganizationName!, access["admin@acme.example"].Inherited));
        Assert.Equal((Role.Admin, "Client A"), (access["clienta.admin@acme.example"].Role!.Value, access["clienta.admin@acme.example"].SourceOrganizationName!));
        Assert.Equal((Role.Staff, "Acme IoT"), (access["staff@acme.example"].Role!.Value, access["staff@acme.example"].SourceOrganizationName!));
        var owner = access["clienta.user@acme.example"];
        Assert.True(owner.IsOwner);
        Assert.Equal(Role.User, owner.Role);
        Assert.DoesNotContain("multi@example.com", access.Keys);
    }

    [Fact, Trait("Rule", "A7")]
    public async Task OwnerWithStaffRole_IsListedOnce_WithBoth()
    {
        // CLW-CR-1003 is owned by staff@acme.example, Staff through Acme IoT.
        var details = await DetailsAsync("admin@acme.example", "CLW-CR-1003");

        var staff = Assert.Single(details.Access!, a => a.Email == "staff@acme.example");
        Assert.True(staff.IsOwner);
        Assert.Equal(Role.Staff, staff.Role);
    }

    [Fact, Trait("Rule", "A7")]
    public async Task SameHighestRoleFromSeveralMemberships_NamesTheNearestOne()
    {
        await H.AddMembershipAsync("admin@acme.example", "Client A", Role.Admin);

        var details = await DetailsAsync("admin@acme.example", "CLW-CR-1001");
        var admin = Assert.Single(details.Access!, a => a.Email == "admin@acme.example");
        Assert.Equal("Client A", admin.SourceOrganizationName);
    }

    [Fact, Trait("Rule", "A7")]
    public async Task UserOwner_SeesItsDevice_ButNotWhoHasAccess()
    {
        var details = await DetailsAsync("clienta.user@acme.example", "CLA-TR-1001");

        Assert.Equal("clienta.user@acme.example", details.OwnerEmail);
        Assert.Null(details.Access);
        Assert.False(details.CanManage);
    }

    [Fact, Trait("Rule", "A2")]
    public async Task User_GetsNotFound_ForADeviceItDoesNotOwn()
    {
        await H.ActAsync("clienta.user@acme.example");
        await Assert.ThrowsAsync<NotFoundException>(async () =>
            await H.Get<DeviceQueries>().GetAsync(await H.DeviceIdAsync("CLA-SN-1001")));
    }

    [Fact, Trait("Rule", "A7")]
    public async Task Staff_SeesWhoHasAccess()
    {
        var details = await DetailsAsync("staff@acme.example", "CLA-SN-1001");
        Assert.NotNull(details.Access);
        Assert.Equal("Acme IoT / Client A", details.OrganizationLabel);
    }

    [Fact, Trait("Rule", "A7")]
    public async Task GetAccess_ForAUserOwner_IsRefusedNamingStaff_ForAdminAndStaffItMatchesTheDetails()
    {
        await H.ActAsync("clienta.user@acme.example");
        var device = await H.DeviceIdAsync("CLA-TR-1001");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => H.Get<DeviceQueries>().GetAccessAsync(device));
        Assert.Equal("Seeing who has access to a device needs Staff in Client A.", refusal.Message);
        Assert.Equal(("A7", Role.Staff), (refusal.Rule, refusal.NeededRole!.Value));

        foreach (var manager in new[] { "admin@acme.example", "staff@acme.example" })
        {
            var details = await DetailsAsync(manager, "CLA-TR-1001");
            Assert.Equal(details.Access!, await H.Get<DeviceQueries>().GetAccessAsync(device));
        }
    }
}
