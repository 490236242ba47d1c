using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Dashboard;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Access;

public sealed class AccessRulesTests : ServiceTest
{
    private async Task<ActorView> ViewOfAsync(string email)
    {
        await H.ActAsync(email);
        await using var db = H.NewDbContext();
        return await H.Get<AccessService>().LoadViewAsync(db);
    }

    private async Task<string> PathOfAsync(string organization)
    {
        await using var db = H.NewDbContext();
        return await db.Organizations.Where(o => o.Name == organization).Select(o => o.Path).SingleAsync();
    }

    [Fact, Trait("Rule", "A1")]
    public async Task EffectiveRole_IsInheritedDownTheTree_AndAbsentElsewhere()
    {
        var admin = await ViewOfAsync("admin@acme.example");
        Assert.Equal(Role.Admin, admin.EffectiveRole(await PathOfAsync("Client A Warehouse")));
        Assert.Null(admin.EffectiveRole(await PathOfAsync("Globex")));

        var user = await ViewOfAsync("clienta.user@acme.example");
        Assert.Equal(Role.User, user.EffectiveRole(await PathOfAsync("Client A Warehouse")));
        Assert.Null(user.EffectiveRole(await PathOfAsync("Acme IoT")));
        Assert.Null(user.EffectiveRole(await PathOfAsync("Client B")));
    }

    [Fact, Trait("Rule", "A1")]
    public async Task EffectiveRole_IsTheHighestAmongMembershipsInTheOrganizationAndItsAncestors()
    {
        await H.AddMembershipAsync("clienta.user@acme.example", "Client A Warehouse", Role.Staff);

        var view = await ViewOfAsync("clienta.user@acme.example");
        Assert.Equal(Role.Staff, view.EffectiveRole(await PathOfAsync("Client A Warehouse")));
        Assert.Equal(Role.User, view.EffectiveRole(await PathOfAsync("Client A")));
    }

    [Fact, Trait("Rule", "A3")]
    public async Task EveryCall_ReadsMembershipsAtThatMoment_NotWhatThePageLoadedEarlier()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var devices = H.Get<DeviceQueries>();
        Assert.True((await devices.ListAsync(clientA, new DeviceListRequest())).Total > 0);

        await using (var db = H.NewDbContext())
            await db.Memberships.Where(m => m.OrganizationId == clientA && m.Role == Role.Admin).ExecuteDeleteAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => devices.ListAsync(clientA, new DeviceListRequest()));
    }

    [Fact, Trait("Rule", "A4")]
    public async Task AnotherTreesAdmin_GetsNotFound_ForEveryKindOfId()
    {
        await H.ActAsync("globex.admin@globex.example");
        var organizations = H.Get<OrganizationQueries>();
        var devices = H.Get<DeviceQueries>();
        var acme = await H.OrganizationIdAsync("Acme IoT");
        var clientA = await H.OrganizationIdAsync("Client A");
        var acmeDevice = await H.DeviceIdAsync("CLA-SN-1001");

        await Assert.ThrowsAsync<NotFoundException>(() => organizations.GetAsync(acme));
        await Assert.ThrowsAsync<NotFoundException>(() => organizations.GetSubtreeAsync(clientA));
        await Assert.ThrowsAsync<NotFoundException>(() => devices.ListAsync(clientA, new DeviceListRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => devices.GetAsync(acmeDevice));
        await Assert.ThrowsAsync<NotFoundException>(() => H.Get<DashboardQueries>().GetCountsAsync(acme));
        await Assert.ThrowsAsync<NotFoundException>(() => H.Get<ActiveOrganizationService>().SetAsync(clientA));
    }

    [Fact, Trait("Rule", "A4")]
    public async Task MissingIds_GiveTheSameNotFound_AsIdsOutsideTheView()
    {
        await H.ActAsync("globex.admin@globex.example");
        var device = await H.DeviceIdAsync("CLA-SN-1001");
        var outside = await Assert.ThrowsAsync<NotFoundException>(() => H.Get<DeviceQueries>().GetAsync(device));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => H.Get<DeviceQueries>().GetAsync(999_999));
        Assert.Equal(missing.Message, outside.Message);

        var clientA = await H.OrganizationIdAsync("Client A");
        var outsideOrg = await Assert.ThrowsAsync<NotFoundException>(() => H.Get<OrganizationQueries>().GetAsync(clientA));
        var missingOrg = await Assert.ThrowsAsync<NotFoundException>(() => H.Get<OrganizationQueries>().GetAsync(-1));
        Assert.Equal(missingOrg.Message, outsideOrg.Message);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task UsersDashboard_CountsOnlyItsOwnDevices_AndNoMembersOrInvitations()
    {
        await H.ActAsync("clienta.user@acme.example");
        var counts = await H.Get<DashboardQueries>().GetCountsAsync(await H.OrganizationIdAsync("Client A"));

        Assert.Null(counts.Members);
        Assert.Null(counts.PendingInvitations);
        await using var db = H.NewDbContext();
        var userId = await H.AccountIdAsync("clienta.user@acme.example");
        Assert.Equal(await db.Devices.CountAsync(d => d.OwnerId == userId), counts.Devices);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task UsersOrganizationTree_ShowsNamesAndOwnDeviceCounts_WithoutMemberCounts()
    {
        await H.ActAsync("clienta.user@acme.example");
        var nodes = await H.Get<OrganizationQueries>().GetSubtreeAsync(await H.OrganizationIdAsync("Client A"));

        Assert.Equal(["Client A", "Client A Warehouse"], nodes.Select(n => n.Name));
        Assert.All(nodes, n => Assert.Null(n.MemberCount));
        Assert.Equal(4, nodes.Single(n => n.Name == "Client A").DeviceCount);
        Assert.Equal(4, nodes.Single(n => n.Name == "Client A Warehouse").DeviceCount);
    }

    [Fact, Trait("Rule", "A5")]
    public async Task Switcher_ListsEveryOrganizationWithARole_TopLevelNodesLabelledWithTheirPath()
    {
        await H.ActAsync("multi@example.com");
        var nodes = await H.Get<OrganizationQueries>().GetSwitcherAsync();

        Assert.Equal(2, nodes.Count);
        var clientB = nodes.Single(n => n.Name == "Client B");
        Assert.True(clientB.IsTopLevel);
        Assert.Equal("Acme IoT / Client B", clientB.Label);
        Assert.Equal(Role.User, clientB.Role);
        var globex = nodes.Single(n => n.Name == "Globex");
        Assert.Equal("Globex", globex.Label);
        Assert.Equal(Role.Staff, globex.Role);
    }

    [Fact, Trait("Rule", "A5")]
    public async Task Switcher_NestsSubOrganizations_UnderTheirParent_WithTheInheritedRole()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var nodes = await H.Get<OrganizationQueries>().GetSwitcherAsync();

        var clientA = nodes.Single(n => n.Name == "Client A");
        var warehouse = nodes.Single(n => n.Name == "Client A Warehouse");
        Assert.Null(clientA.ParentId);
        Assert.Equal("Acme IoT / Client A", clientA.Label);
        Assert.Equal(clientA.Id, warehouse.ParentId);
        Assert.Equal(Role.Admin, warehouse.Role);
        Assert.DoesNotContain(nodes, n => n.Name is "Acme IoT" or "Client B" or "Globex");
    }

    [Fact, Trait("Rule", "A5")]
    public async Task ActiveOrganization_IsRememberedBetweenSessions()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        await H.Get<ActiveOrganizationService>().SetAsync(clientA);

        await using var otherSession = H.NewScope();
        var active = await otherSession.ServiceProvider.GetRequiredService<ActiveOrganizationService>().GetAsync();
        Assert.Equal(clientA, active!.Organization.Id);
        Assert.Equal("Acme IoT / Client A", active.Organization.PathLabel);
        Assert.Null(active.Notice);
    }

    [Fact, Trait("Rule", "S3")]
    public async Task ActiveOrganization_OutOfView_FallsBackToTheFirstOrganization_AndSaysWhy()
    {
        await H.ActAsync("multi@example.com");
        var globex = await H.OrganizationIdAsync("Globex");
        var active = H.Get<ActiveOrganizationService>();
        await active.SetAsync(globex);

        await using (var db = H.NewDbContext())
            await db.Memberships.Where(m => m.OrganizationId == globex).ExecuteDeleteAsync();

        var result = await active.GetAsync();
        Assert.Equal("Client B", result!.Organization.Name);
        Assert.Equal("You no longer have access to Globex.", result.Notice);
    }

    [Fact, Trait("Rule", "A5")]
    public async Task AccountWithoutMemberships_HasNoActiveOrganization()
    {
        var id = await H.CreateAccountAsync("nobody@example.com");
        H.Auth.SignIn(id, "nobody@example.com");
        Assert.Null(await H.Get<ActiveOrganizationService>().GetAsync());
        Assert.Empty(await H.Get<OrganizationQueries>().GetSwitcherAsync());
    }

    [Fact, Trait("Rule", "A4")]
    public async Task VisibleAccounts_AreThoseWithARoleWhereTheActorManages_AndAUserSeesOnlyItself()
    {
        var everyone = new[]
        {
            await H.AccountIdAsync("admin@acme.example"), await H.AccountIdAsync("clienta.user@acme.example"),
            await H.AccountIdAsync("multi@example.com"), await H.AccountIdAsync("globex.admin@globex.example"),
        };
        await using var db = H.NewDbContext();

        var clientAdmin = await ViewOfAsync("clienta.admin@acme.example");
        var seenByClientAdmin = await AccessService.VisibleAccountsAsync(db, clientAdmin, everyone);
        Assert.Equal(new HashSet<string> { everyone[0], everyone[1] }, seenByClientAdmin.ToHashSet());

        var user = await ViewOfAsync("clienta.user@acme.example");
        Assert.Equal([everyone[1]], await AccessService.VisibleAccountsAsync(db, user, everyone));
    }

    [Fact, Trait("Rule", "A4")]
    public async Task VisibleAccounts_AnswerForMoreCandidatesThanAStatementTakesParameters()
    {
        // An audit export asks about every account it mentions; SQLite takes at most 32,766 parameters per statement.
        var known = await H.AccountIdAsync("clienta.user@acme.example");
        var candidates = Enumerable.Range(0, 40_000).Select(i => Guid.NewGuid().ToString()).Append(known).ToList();
        await using var db = H.NewDbContext();

        var seen = await AccessService.VisibleAccountsAsync(db, await ViewOfAsync("clienta.admin@acme.example"), candidates);

        Assert.Equal([known], seen);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task OrganizationNames_AreVisibleForTheViewAndItsAncestors_Only()
    {
        var clientAdmin = await ViewOfAsync("clienta.admin@acme.example");
        Assert.True(clientAdmin.SeesOrganizationName(await PathOfAsync("Acme IoT")));
        Assert.True(clientAdmin.SeesOrganizationName(await PathOfAsync("Client A Warehouse")));
        Assert.False(clientAdmin.SeesOrganizationName(await PathOfAsync("Client B")));
        Assert.False(clientAdmin.SeesOrganizationName(await PathOfAsync("Globex")));
    }

    [Fact, Trait("Rule", "S3")]
    public async Task ActiveOrganization_Deleted_FallsBackToTheFirstOrganization_AndSaysItNoLongerExists()
    {
        await H.ActAsync("admin@acme.example");
        var lab = (await H.Get<OrganizationCommands>().CreateAsync(
            new CreateOrganizationRequest(await H.OrganizationIdAsync("Client A"), "Lab"))).Organization;
        var active = H.Get<ActiveOrganizationService>();
        await active.SetAsync(lab.Id);

        await H.Get<OrganizationCommands>().DeleteAsync(lab.Id);

        var result = await active.GetAsync();
        Assert.Equal("Acme IoT", result!.Organization.Name);
        Assert.Equal("Your last organization no longer exists.", result.Notice);
    }
}
