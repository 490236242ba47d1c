using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Members;

public sealed class MembershipRulesTests : ServiceTest
{
    private MembershipService Members => H.Get<MembershipService>();

    private async Task<int> MembershipIdAsync(string email, string organization)
    {
        var accountId = await H.AccountIdAsync(email);
        var organizationId = await H.OrganizationIdAsync(organization);
        await using var db = H.NewDbContext();
        return await db.Memberships.Where(m => m.AccountId == accountId && m.OrganizationId == organizationId).Select(m => m.Id).SingleAsync();
    }

    private async Task AddMembershipAsync(string email, string organization, Role role)
    {
        var accountId = await H.AccountIdAsync(email);
        var organizationId = await H.OrganizationIdAsync(organization);
        await using var db = H.NewDbContext();
        db.Memberships.Add(Membership.Create(accountId, organizationId, role, DateTime.UtcNow));
        await db.SaveChangesAsync();
    }

    private async Task MakeMultiAdminOfGlobexAsync()
    {
        var membership = await MembershipIdAsync("multi@example.com", "Globex");
        await using var db = H.NewDbContext();
        await db.Memberships.Where(m => m.Id == membership).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, Role.Admin));
    }

    // A4: the members page

    [Fact, Trait("Rule", "A4")]
    public async Task MembersOfAnOrganization_AreItsDirectMembers_AndInheritedOnesWithTheirAncestor()
    {
        await H.ActAsync("staff@acme.example");
        var overview = await Members.GetAsync(await H.OrganizationIdAsync("Client A Warehouse"));

        Assert.Empty(overview.Direct);
        Assert.Equal(
            ["clienta.admin@acme.example Admin Client A", "clienta.user@acme.example User Client A", "admin@acme.example Admin Acme IoT", "staff@acme.example Staff Acme IoT"],
            overview.Inherited.Select(m => $"{m.Email} {m.Role} {m.OrganizationName}"));
        Assert.False(overview.CanManage);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task PendingInvitations_ShowEmailRoleInviterAndExpiry_AndNotExpiredOnes()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var invitations = H.Get<InvitationService>();
        await invitations.InviteAsync(clientA, "old@example.com", Role.User, "https://x/");
        H.Clock.Advance(TimeSpan.FromDays(6));
        await invitations.InviteAsync(clientA, "new@example.com", Role.Staff, "https://x/");
        H.Clock.Advance(TimeSpan.FromDays(2));

        var overview = await Members.GetAsync(clientA);
        var row = Assert.Single(overview.Invitations);
        Assert.Equal(("new@example.com", Role.Staff, "admin@acme.example"), (row.Email, row.Role, row.InviterEmail));
        Assert.Equal(new DateTime(2026, 11, 14, 12, 0, 0, DateTimeKind.Utc), row.ExpiresAt);
        Assert.True(overview.CanManage);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task AUser_IsRefusedTheMembersPage_AndAnotherTreeDoesNotFindIt()
    {
        await H.ActAsync("clienta.user@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(async () => await Members.GetAsync(await H.OrganizationIdAsync("Client A")));
        Assert.Equal("Seeing members needs Staff in Client A.", error.Message);

        await H.ActAsync("globex.admin@globex.example");
        await Assert.ThrowsAsync<NotFoundException>(async () => await Members.GetAsync(await H.OrganizationIdAsync("Client A")));
    }

    // M6

    [Fact, Trait("Rule", "M6"), Trait("Rule", "L1")]
    public async Task AnAdminChangesARole_Audited()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var result = await Members.ChangeRoleAsync(await MembershipIdAsync("clienta.user@acme.example", "Client A"), Role.Staff);

        Assert.Equal("clienta.user@acme.example is now Staff of Client A.", result.Message);
        await using var db = H.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.MembershipChanged);
        Assert.Contains("User", entry.Before);
        Assert.Contains("Staff", entry.After);
    }

    [Fact, Trait("Rule", "M6")]
    public async Task StaffCannotChangeRolesOrRemove()
    {
        await H.ActAsync("staff@acme.example");
        var membership = await MembershipIdAsync("clienta.user@acme.example", "Client A");
        Assert.Equal("Changing roles needs Admin in Client A.",
            (await Assert.ThrowsAsync<DomainException>(() => Members.ChangeRoleAsync(membership, Role.Staff))).Message);
        Assert.Equal("Removing members needs Admin in Client A.",
            (await Assert.ThrowsAsync<DomainException>(() => Members.RemoveAsync(membership))).Message);
    }

    [Fact, Trait("Rule", "M6")]
    public async Task InheritedMemberships_AreChangedOnlyWhereTheyAreHeld()
    {
        // clienta.admin is Admin of Client A but not of Acme IoT, where admin@acme.example's membership is held.
        await H.ActAsync("clienta.admin@acme.example");
        await Assert.ThrowsAsync<NotFoundException>(async () => await Members.ChangeRoleAsync(await MembershipIdAsync("admin@acme.example", "Acme IoT"), Role.User));
    }

    [Fact, Trait("Rule", "M6")]
    public async Task WhenTheMemberKeepsAHigherRoleThroughAnAncestor_TheResultSaysSo()
    {
        await AddMembershipAsync("staff@acme.example", "Client A", Role.Staff);
        await H.ActAsync("admin@acme.example");

        var demoted = await Members.ChangeRoleAsync(await MembershipIdAsync("staff@acme.example", "Client A"), Role.User);
        Assert.Equal("staff@acme.example is now User of Client A. staff@acme.example keeps Staff in Client A through Acme IoT.", demoted.Message);

        var removed = await Members.RemoveAsync(await MembershipIdAsync("staff@acme.example", "Client A"));
        Assert.Equal("staff@acme.example was removed from Client A. staff@acme.example keeps Staff in Client A through Acme IoT.", removed.Message);
    }

    [Fact, Trait("Rule", "M6")]
    public async Task RemovingAMemberWhoOwnsDevices_IsRefusedListingThem_AndNothingChanges()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var membership = await MembershipIdAsync("clienta.user@acme.example", "Client A");

        var preview = await Members.PreviewRemovalAsync(membership);
        Assert.Equal(["CLA-TR-1001", "CLA-TR-1002", "CLA-TR-1003", "CLA-TR-1004", "CLW-CR-1002", "CLW-CR-1005", "CLW-CR-1008", "CLW-CR-1011"],
            preview.StrandedDevices.Select(d => d.SerialNumber));
        Assert.Contains(preview.NewOwnerCandidates, c => c.Email == "clienta.admin@acme.example");
        Assert.DoesNotContain(preview.NewOwnerCandidates, c => c.Email == "clienta.user@acme.example");

        var error = await Assert.ThrowsAsync<DomainException>(() => Members.RemoveAsync(membership));
        Assert.Equal("clienta.user@acme.example owns 8 devices that it could no longer reach after this removal: CLA-TR-1001, CLA-TR-1002, " +
            "CLA-TR-1003, CLA-TR-1004, CLW-CR-1002, CLW-CR-1005, CLW-CR-1008, CLW-CR-1011. Transfer them first, or name a new owner for them.", error.Message);
        await using var db = H.NewDbContext();
        Assert.True(await db.Memberships.AnyAsync(m => m.Id == membership));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.MembershipRemoved));
    }

    [Fact, Trait("Rule", "M6"), Trait("Rule", "L1")]
    public async Task RemovingWithANamedNewOwner_ReassignsTheDevicesInTheSameTransaction_OneTransferEntryEach()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var newOwner = await H.AccountIdAsync("clienta.admin@acme.example");
        var result = await Members.RemoveAsync(await MembershipIdAsync("clienta.user@acme.example", "Client A"), newOwner);

        Assert.Equal("clienta.user@acme.example was removed from Client A. 8 devices passed to clienta.admin@acme.example.", result.Message);
        var user = await H.AccountIdAsync("clienta.user@acme.example");
        await using var db = H.NewDbContext();
        Assert.False(await db.Devices.AnyAsync(d => d.OwnerId == user));
        Assert.False(await db.Memberships.AnyAsync(m => m.AccountId == user));
        Assert.Equal(8, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DeviceTransferred));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.MembershipRemoved));
    }

    [Fact, Trait("Rule", "M6")]
    public async Task ANewOwnerWithoutAccessToEveryDevicesOrganization_IsRefused()
    {
        var stranger = await H.CreateAccountAsync("stranger@example.com");
        await AddMembershipAsync("stranger@example.com", "Client A Warehouse", Role.User);
        await H.ActAsync("clienta.admin@acme.example");

        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await Members.RemoveAsync(await MembershipIdAsync("clienta.user@acme.example", "Client A"), stranger));
        Assert.Equal("stranger@example.com has no access to Client A or an organization above it; choose a new owner who does.", error.Message);

        await H.ActAsync("clienta.admin@acme.example");
        await Assert.ThrowsAsync<NotFoundException>(async () =>
            await Members.RemoveAsync(await MembershipIdAsync("clienta.user@acme.example", "Client A"), await H.AccountIdAsync("globex.admin@globex.example")));
    }

    [Fact, Trait("Rule", "M6")]
    public async Task DevicesStillReachableThroughAnotherMembership_DoNotBlockTheRemoval()
    {
        await AddMembershipAsync("clienta.user@acme.example", "Acme IoT", Role.User);
        await H.ActAsync("admin@acme.example");
        var preview = await Members.PreviewRemovalAsync(await MembershipIdAsync("clienta.user@acme.example", "Client A"));
        Assert.Empty(preview.StrandedDevices);
        await Members.RemoveAsync(await MembershipIdAsync("clienta.user@acme.example", "Client A"));
    }

    // O5

    [Fact, Trait("Rule", "O5")]
    public async Task TheLastAdminOfARoot_CannotBeRemovedOrDemoted_EvenByThemselves()
    {
        await H.ActAsync("globex.admin@globex.example");
        var membership = await MembershipIdAsync("globex.admin@globex.example", "Globex");

        var demote = await Assert.ThrowsAsync<DomainException>(() => Members.ChangeRoleAsync(membership, Role.Staff));
        Assert.Equal("globex.admin@globex.example is the last Admin of Globex, and Globex must keep one; make another account Admin of Globex before demoting globex.admin@globex.example.", demote.Message);
        var remove = await Assert.ThrowsAsync<DomainException>(() => Members.RemoveAsync(membership));
        Assert.Contains("is the last Admin of Globex", remove.Message);
    }

    [Fact, Trait("Rule", "O5")]
    public async Task WithASecondAdmin_AnAdminMayLeaveARoot()
    {
        await MakeMultiAdminOfGlobexAsync();
        await H.ActAsync("globex.admin@globex.example");
        var newOwner = await H.AccountIdAsync("multi@example.com");

        var result = await Members.RemoveAsync(await MembershipIdAsync("globex.admin@globex.example", "Globex"), newOwner);
        Assert.StartsWith("globex.admin@globex.example was removed from Globex.", result.Message);
    }

    [Fact, Trait("Rule", "O5")]
    public async Task TheLastAdminOfASubOrganization_MayBeRemoved_TheRootKeepsItsAdmins()
    {
        await H.ActAsync("admin@acme.example");
        await Members.ChangeRoleAsync(await MembershipIdAsync("clienta.admin@acme.example", "Client A"), Role.User);
    }

    // S3

    [Fact, Trait("Rule", "S3")]
    public async Task ARemovedMembersNextAction_IsCheckedAgainstCurrentMemberships()
    {
        var clientB = await H.OrganizationIdAsync("Client B");
        await H.ActAsync("multi@example.com");
        var multiDevices = H.Get<DeviceQueries>();
        Assert.True((await multiDevices.ListAsync(clientB, new DeviceListRequest())).Total > 0);

        await H.ActAsync("admin@acme.example");
        var admin = await H.AccountIdAsync("admin@acme.example");
        await Members.RemoveAsync(await MembershipIdAsync("multi@example.com", "Client B"), admin);

        await H.ActAsync("multi@example.com");
        await Assert.ThrowsAsync<NotFoundException>(() => multiDevices.ListAsync(clientB, new DeviceListRequest()));
        var active = await H.Get<ActiveOrganizationService>().GetAsync();
        Assert.Equal("Globex", active!.Organization.Name);
    }

    [Fact, Trait("Rule", "S3")]
    public async Task ADemotedAdminsNextWrite_IsRefused()
    {
        await MakeMultiAdminOfGlobexAsync();
        await H.ActAsync("globex.admin@globex.example");
        var globex = await H.OrganizationIdAsync("Globex");
        await Members.ChangeRoleAsync(await MembershipIdAsync("globex.admin@globex.example", "Globex"), Role.User);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            H.Get<InvitationService>().InviteAsync(globex, "bob@example.com", Role.User, "https://x/"));
        Assert.Equal("Inviting needs Admin in Globex.", error.Message);
    }
}
