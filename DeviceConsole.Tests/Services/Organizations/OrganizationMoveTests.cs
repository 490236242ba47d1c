using DeviceConsole.Domain;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Organizations;

/// <summary>O3: moving an organization with its subtree, the preview, and the devices whose owners would lose access (D1).</summary>
public sealed class OrganizationMoveTests : ServiceTest
{
    private OrganizationCommands Service => H.Get<OrganizationCommands>();
    private OrganizationMoves Moves => H.Get<OrganizationMoves>();

    private async Task<MoveOrganizationRequest> RequestAsync(string organization, string newParent, string? newOwnerEmail = null) =>
        new(await H.OrganizationIdAsync(organization), await H.OrganizationIdAsync(newParent),
            newOwnerEmail is null ? null : await H.AccountIdAsync(newOwnerEmail));

    private async Task<Dictionary<string, string>> PathsAsync()
    {
        await using var db = H.NewDbContext();
        return await db.Organizations.ToDictionaryAsync(o => o.Name, o => o.Path);
    }

    // clienta.admin owns CLW-CR-1001/4/7/10, clienta.user CLW-CR-1002/5/8/11, staff CLW-CR-1003/6/9/12.
    private static readonly string[] ClientAOwnedWarehouseDevices =
        ["CLW-CR-1001", "CLW-CR-1002", "CLW-CR-1004", "CLW-CR-1005", "CLW-CR-1007", "CLW-CR-1008", "CLW-CR-1010", "CLW-CR-1011"];

    [Fact, Trait("Rule", "O3")]
    public async Task Preview_ShowsPathsCounts_RoleChangesWithTheirSources_AndBlockedDevices()
    {
        await H.ActAsync("admin@acme.example");
        var warehouse = await H.OrganizationIdAsync("Client A Warehouse");
        var bobId = await H.CreateAccountAsync("bob@example.com");
        var now = H.Clock.GetUtcNow().UtcDateTime;
        await H.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(warehouse, "Freezer"));
        await using (var db = H.NewDbContext())
        {
            db.Memberships.Add(Membership.Create(bobId, warehouse, Role.Staff, now));
            db.Invitations.Add(Invitation.Create("carol@example.com", "CAROL@EXAMPLE.COM", warehouse, Role.User, bobId, "h1", now, now.AddDays(7)));
            db.Invitations.Add(Invitation.Create("old@example.com", "OLD@EXAMPLE.COM", warehouse, Role.User, bobId, "h2", now.AddDays(-9), now.AddDays(-1)));
            await db.SaveChangesAsync();
        }

        var preview = await Moves.PreviewMoveAsync(await RequestAsync("Client A Warehouse", "Client B"));

        Assert.Equal("Acme IoT / Client A / Client A Warehouse", preview.LabelBefore);
        Assert.Equal("Acme IoT / Client B / Client A Warehouse", preview.LabelAfter);
        Assert.Equal((1, 12, 1, 1), (preview.SubOrganizations, preview.Devices, preview.DirectMemberships, preview.PendingInvitations));

        var changes = preview.RoleChanges.ToDictionary(c => c.Email);
        Assert.Equal(["clienta.admin@acme.example", "clienta.user@acme.example", "multi@example.com"], changes.Keys.Order());
        Assert.Equal(new RoleChange(changes["multi@example.com"].AccountId, "multi@example.com", RoleChangeKind.Gained,
            null, null, Role.User, "through Client B"), changes["multi@example.com"]);
        Assert.Equal((RoleChangeKind.Lost, Role.Admin, "through Client A", (Role?)null),
            (changes["clienta.admin@acme.example"].Kind, changes["clienta.admin@acme.example"].Before, changes["clienta.admin@acme.example"].BeforeFrom, changes["clienta.admin@acme.example"].After));
        Assert.Equal(RoleChangeKind.Lost, changes["clienta.user@acme.example"].Kind);

        Assert.Equal(ClientAOwnedWarehouseDevices, preview.BlockedDevices.Select(d => d.SerialNumber));
        Assert.True(preview.IsBlocked);
        Assert.Contains(preview.OwnerCandidates, c => c.Email == "multi@example.com" && c.Role == Role.User);
        Assert.Contains(preview.OwnerCandidates, c => c.Email == "bob@example.com" && c.Role == Role.Staff);
        Assert.DoesNotContain(preview.OwnerCandidates, c => c.Email == "clienta.admin@acme.example");
    }

    [Fact, Trait("Rule", "O3")]
    public async Task Preview_ListsRaisedAndLoweredRoles()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var clientB = await H.OrganizationIdAsync("Client B");
        var multi = await H.AccountIdAsync("multi@example.com");
        var staff = await H.AccountIdAsync("staff@acme.example");
        await using (var db = H.NewDbContext())
        {
            // multi: User of Client B, Staff of Client A; staff: Staff of Acme, Admin of Client A.
            db.Memberships.Add(Membership.Create(multi, clientA, Role.Staff, DateTime.UtcNow));
            db.Memberships.Add(Membership.Create(staff, clientA, Role.Admin, DateTime.UtcNow));
            (await db.Memberships.SingleAsync(m => m.AccountId == multi && m.OrganizationId == clientB)).ChangeRole(Role.Admin);
            await db.SaveChangesAsync();
        }

        var preview = await Moves.PreviewMoveAsync(await RequestAsync("Client A Warehouse", "Client B"));
        var changes = preview.RoleChanges.ToDictionary(c => c.Email);

        Assert.Equal((RoleChangeKind.Raised, Role.Staff, Role.Admin, "through Client B"),
            (changes["multi@example.com"].Kind, changes["multi@example.com"].Before, changes["multi@example.com"].After, changes["multi@example.com"].AfterFrom));
        Assert.Equal((RoleChangeKind.Lowered, Role.Admin, Role.Staff, "through Acme IoT"),
            (changes["staff@acme.example"].Kind, changes["staff@acme.example"].Before, changes["staff@acme.example"].After, changes["staff@acme.example"].AfterFrom));
        Assert.DoesNotContain("admin@acme.example", changes.Keys);
    }

    [Fact, Trait("Rule", "O3"), Trait("Rule", "D1")]
    public async Task Move_WithBlockedDevicesAndNoNewOwner_IsRefusedListingThem_AndWritesNothing()
    {
        await H.ActAsync("admin@acme.example");
        var pathsBefore = await PathsAsync();

        var error = await Assert.ThrowsAsync<DomainException>(async () => await Moves.MoveAsync(await RequestAsync("Client A Warehouse", "Client B")));

        Assert.StartsWith("Moving Client A Warehouse under Client B would leave 8 devices with an owner who has no access there: CLW-CR-1001 (clienta.admin@acme.example)", error.Message);
        Assert.EndsWith("Transfer them first, or name a new owner for them.", error.Message);
        Assert.Equal(pathsBefore, await PathsAsync());
    }

    [Fact, Trait("Rule", "O3"), Trait("Rule", "D1"), Trait("Rule", "L1")]
    public async Task Move_WithANewOwner_RewritesTheSubtree_ReassignsBlockedDevices_OneTransferEntryEach()
    {
        await H.ActAsync("admin@acme.example");
        var warehouseId = await H.OrganizationIdAsync("Client A Warehouse");
        var freezer = (await Service.CreateAsync(new CreateOrganizationRequest(warehouseId, "Freezer"))).Organization;
        var request = await RequestAsync("Client A Warehouse", "Client B", "multi@example.com");
        var preview = await Moves.PreviewMoveAsync(request);
        Assert.False(preview.IsBlocked);
        Assert.Equal("multi@example.com", preview.NewOwnerEmail);

        var result = (await Moves.MoveAsync(request)).Move;

        Assert.Equal(preview.LabelAfter, result.LabelAfter);
        Assert.Equal(preview.RoleChanges, result.RoleChanges);
        Assert.Equal(preview.BlockedDevices, result.BlockedDevices);
        await using var db = H.NewDbContext();
        var orgs = await db.Organizations.ToDictionaryAsync(o => o.Name);
        Assert.Equal($"{orgs["Client B"].Path}{warehouseId}/", orgs["Client A Warehouse"].Path);
        Assert.Equal(orgs["Client B"].Id, orgs["Client A Warehouse"].ParentId);
        Assert.Equal($"{orgs["Client A Warehouse"].Path}{freezer.Id}/", orgs["Freezer"].Path);
        Assert.Equal(orgs["Client A Warehouse"].Id, orgs["Freezer"].ParentId);

        var multi = await H.AccountIdAsync("multi@example.com");
        var owners = await db.Devices.Where(d => d.OrganizationId == warehouseId).ToDictionaryAsync(d => d.SerialNumber, d => d.OwnerId);
        Assert.All(ClientAOwnedWarehouseDevices, s => Assert.Equal(multi, owners[s]));
        Assert.Equal(await H.AccountIdAsync("staff@acme.example"), owners["CLW-CR-1003"]);

        var transfers = await db.AuditEntries.Where(e => e.Action == AuditActions.DeviceTransferred).Select(e => e.TargetName).ToListAsync();
        Assert.Equal(8, transfers.Count);
        var moved = await db.AuditEntries.Include(e => e.Organizations).SingleAsync(e => e.Action == AuditActions.OrganizationMoved);
        Assert.Equal("admin@acme.example", moved.ActorEmail);
        var parts = moved.Organizations.ToDictionary(o => o.Part, o => (o.Name, o.Path));
        Assert.Equal(("Client A Warehouse", orgs["Client A Warehouse"].Path), parts[AuditParts.Organization]);
        Assert.Equal(("Client A", orgs["Client A"].Path), parts[AuditParts.OldParent]);
        Assert.Equal(("Client B", orgs["Client B"].Path), parts[AuditParts.NewParent]);
        Assert.Contains("Acme IoT / Client A / Client A Warehouse", moved.Before);
        Assert.Contains("Acme IoT / Client B / Client A Warehouse", moved.After);

        // D1 holds for every device afterwards.
        foreach (var device in await db.Devices.Include(d => d.Organization).ToListAsync())
        {
            var chain = OrganizationPath.Ids(device.Organization!.Path);
            Assert.True(await db.Memberships.AnyAsync(m => m.AccountId == device.OwnerId && chain.Contains(m.OrganizationId)), device.SerialNumber);
        }
    }

    [Fact, Trait("Rule", "O3")]
    public async Task Move_WithoutBlockedDevices_NeedsNoNewOwner()
    {
        await H.ActAsync("admin@acme.example");
        var warehouse = await H.OrganizationIdAsync("Client A Warehouse");
        var lab = (await Service.CreateAsync(new CreateOrganizationRequest(warehouse, "Lab"))).Organization;

        var preview = (await Moves.MoveAsync(new MoveOrganizationRequest(lab.Id, await H.OrganizationIdAsync("Client B")))).Move;

        Assert.Empty(preview.BlockedDevices);
        Assert.Equal("Acme IoT / Client B / Lab", preview.LabelAfter);
    }

    [Fact, Trait("Rule", "O3")]
    public async Task Move_NamingANewOwnerWithoutAccessAfterTheMove_IsRefused()
    {
        await H.ActAsync("admin@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await Moves.MoveAsync(await RequestAsync("Client A Warehouse", "Client B", "clienta.admin@acme.example")));
        Assert.StartsWith("clienta.admin@acme.example would have no access to Client A Warehouse after the move.", error.Message);
    }

    [Fact, Trait("Rule", "O3")]
    public async Task Move_UnderItself_OrUnderADescendant_IsRefused()
    {
        await H.ActAsync("admin@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(async () => await Moves.MoveAsync(await RequestAsync("Client A", "Client A")));
        Assert.Equal("Client A cannot be moved under itself.", error.Message);

        error = await Assert.ThrowsAsync<DomainException>(async () => await Moves.PreviewMoveAsync(await RequestAsync("Client A", "Client A Warehouse")));
        Assert.Equal("Client A cannot be moved under Client A Warehouse, one of its own sub-organizations.", error.Message);
    }

    [Fact, Trait("Rule", "O3")]
    public async Task Move_IntoAnotherTree_IsRefused_EvenForAnAdminOfBothTrees()
    {
        var adminId = await H.ActAsync("admin@acme.example");
        await using (var db = H.NewDbContext())
        {
            db.Memberships.Add(Membership.Create(adminId, await H.OrganizationIdAsync("Globex"), Role.Admin, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<DomainException>(async () => await Moves.MoveAsync(await RequestAsync("Client B", "Globex")));
        Assert.Equal("Client B belongs to the Acme IoT tree; organizations are not moved between trees.", error.Message);
    }

    [Fact, Trait("Rule", "O3")]
    public async Task Move_ARoot_IsRefused()
    {
        await H.ActAsync("admin@acme.example");
        var error = await Assert.ThrowsAsync<DomainException>(async () => await Moves.MoveAsync(await RequestAsync("Acme IoT", "Client B")));
        Assert.StartsWith("Acme IoT is a root organization; a root is never moved", error.Message);
    }

    [Fact, Trait("Rule", "O3"), Trait("Rule", "O1")]
    public async Task Move_UnderAParentWithASiblingOfTheSameNameInAnotherCase_IsRefused()
    {
        await H.ActAsync("admin@acme.example");
        await Service.CreateAsync(new CreateOrganizationRequest(await H.OrganizationIdAsync("Client B"), "CLIENT A WAREHOUSE"));
        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await Moves.MoveAsync(await RequestAsync("Client A Warehouse", "Client B", "multi@example.com")));
        Assert.Contains("Client B already has a sub-organization named Client A Warehouse", error.Message);
    }

    [Theory, Trait("Rule", "O3"), Trait("Rule", "O2")]
    [InlineData("4", true)]
    [InlineData("3", false)]
    public async Task Move_KeepsTheDeepestOrganizationWithinTheLimit(string maxDepth, bool allowed)
    {
        await using var h = await ServiceHarness.CreateAsync(settings: new() { ["Organizations:MaxDepth"] = maxDepth });
        await h.ActAsync("admin@acme.example");
        var service = h.Get<OrganizationMoves>();
        // Client A (level 2) with Client A Warehouse (level 3) under Client B: the warehouse lands at level 4.
        var request = new MoveOrganizationRequest(await h.OrganizationIdAsync("Client A"), await h.OrganizationIdAsync("Client B"),
            await h.AccountIdAsync("admin@acme.example"));
        var targets = await service.GetMoveTargetsAsync(request.OrganizationId);

        if (allowed)
        {
            Assert.Equal(["Client B"], targets.Select(t => t.Name));
            await service.MoveAsync(request);
            await using var db = h.NewDbContext();
            Assert.Equal(4, (await db.Organizations.SingleAsync(o => o.Name == "Client A Warehouse")).Level);
        }
        else
        {
            Assert.Empty(targets);
            var error = await Assert.ThrowsAsync<DomainException>(() => service.MoveAsync(request));
            Assert.Equal("Organizations are nested at most 3 levels deep; under Client B the deepest organization of Client A would be at level 4.", error.Message);
        }
    }

    [Fact, Trait("Rule", "O3")]
    public async Task MoveTargets_AreTheActorsAdminOrganizationsOfTheSameTree_OutsideTheSubtree_ExceptTheCurrentParent()
    {
        await H.ActAsync("admin@acme.example");
        var targets = await Moves.GetMoveTargetsAsync(await H.OrganizationIdAsync("Client A Warehouse"));
        Assert.Equal(["Acme IoT", "Client B"], targets.Select(t => t.Name));
        Assert.Equal("Acme IoT / Client B", targets.Single(t => t.Name == "Client B").PathLabel);
    }

    [Theory, Trait("Rule", "O3"), Trait("Rule", "A4")]
    [InlineData("staff@acme.example", "Moving Client A Warehouse needs Admin in Client A.")]
    [InlineData("clienta.user@acme.example", "Moving Client A Warehouse needs Admin in Client A.")]
    public async Task Move_ByStaffOrUser_IsRefusedNamingTheRoleNeeded(string email, string message)
    {
        await H.ActAsync(email);
        var request = await RequestAsync("Client A Warehouse", "Client B");
        var error = await Assert.ThrowsAsync<DomainException>(() => Moves.MoveAsync(request));
        Assert.Equal(message, error.Message);
        error = await Assert.ThrowsAsync<DomainException>(() => Moves.PreviewMoveAsync(request));
        Assert.Equal(message, error.Message);
    }

    [Fact, Trait("Rule", "O3"), Trait("Rule", "A4")]
    public async Task Move_ByTheClientsAdmin_NeedsAdminInBothParents()
    {
        await H.ActAsync("clienta.admin@acme.example");
        // The client itself: its parent Acme IoT is not administered by the actor.
        var error = await Assert.ThrowsAsync<DomainException>(async () => await Moves.MoveAsync(await RequestAsync("Client A", "Client B")));
        Assert.Equal("Moving Client A needs Admin in Acme IoT.", error.Message);
        // Into Client B, which is outside the actor's view: not found.
        await Assert.ThrowsAsync<NotFoundException>(async () => await Moves.MoveAsync(await RequestAsync("Client A Warehouse", "Client B")));
    }

    [Fact, Trait("Rule", "O3"), Trait("Rule", "A4")]
    public async Task Move_IntoAnOrganizationSeenButNotAdministered_IsRefusedNamingTheRoleNeeded()
    {
        var actorId = await H.ActAsync("clienta.admin@acme.example");
        await using (var db = H.NewDbContext())
        {
            db.Memberships.Add(Membership.Create(actorId, await H.OrganizationIdAsync("Client B"), Role.Staff, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        var lab = (await Service.CreateAsync(new CreateOrganizationRequest(await H.OrganizationIdAsync("Client A"), "Lab"))).Organization;

        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await Moves.MoveAsync(new MoveOrganizationRequest(lab.Id, await H.OrganizationIdAsync("Client B"))));
        Assert.Equal("Moving Lab under Client B needs Admin in Client B.", error.Message);
    }
}
