using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Services.Organizations;

/// <summary>Create, rename and delete (O1, O2, O4), each by the roles that may and may not.</summary>
public sealed class OrganizationManagementTests : ServiceTest
{
    private OrganizationCommands Service => H.Get<OrganizationCommands>();

    private async Task<OrganizationRef> CreateAsync(string parent, string name) =>
        (await Service.CreateAsync(new CreateOrganizationRequest(await H.OrganizationIdAsync(parent), name))).Organization;

    private async Task<int> OrganizationCountAsync()
    {
        await using var db = H.NewDbContext();
        return await db.Organizations.CountAsync();
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = H.NewDbContext();
        return await db.AuditEntries.CountAsync();
    }

    private async Task<AuditEntry> LastAuditAsync(string action)
    {
        await using var db = H.NewDbContext();
        return await db.AuditEntries.Include(e => e.Organizations).Where(e => e.Action == action).OrderBy(e => e.Id).LastAsync();
    }

    // O1: names

    [Fact, Trait("Rule", "O1"), Trait("Rule", "L1")]
    public async Task Create_TrimsTheName_SetsThePath_AndAuditsItInTheSameCommit()
    {
        var adminId = await H.ActAsync("admin@acme.example");
        var created = await CreateAsync("Client A", "  Cold Store  ");

        Assert.Equal("Cold Store", created.Name);
        Assert.Equal("Acme IoT / Client A / Cold Store", created.PathLabel);
        await using var db = H.NewDbContext();
        var stored = await db.Organizations.SingleAsync(o => o.Id == created.Id);
        var clientA = await db.Organizations.SingleAsync(o => o.Name == "Client A");
        Assert.Equal($"{clientA.Path}{created.Id}/", stored.Path);
        Assert.Equal(clientA.Id, stored.ParentId);
        Assert.Equal(3, stored.Level);

        var entry = await LastAuditAsync(AuditActions.OrganizationCreated);
        Assert.Equal((adminId, "admin@acme.example", created.Id.ToString(), "Cold Store"), (entry.ActorId, entry.ActorEmail, entry.TargetId, entry.TargetName));
        Assert.Equal(H.Clock.GetUtcNow().UtcDateTime, entry.At);
        Assert.Equal(stored.Path, Assert.Single(entry.Organizations).Path);
    }

    [Theory, Trait("Rule", "O1")]
    [InlineData("client b")]
    [InlineData("CLIENT B")]
    [InlineData("  Client B ")]
    public async Task Create_SiblingNameDifferingOnlyInCaseOrSpaces_IsRefused(string name)
    {
        await H.ActAsync("admin@acme.example");
        var before = await OrganizationCountAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("Acme IoT", name));

        Assert.Contains("Acme IoT already has a sub-organization named", error.Message);
        Assert.Equal(before, await OrganizationCountAsync());
    }

    [Fact, Trait("Rule", "O1")]
    public async Task Create_NameTakenUnderAnotherParent_IsAllowed()
    {
        await H.ActAsync("admin@acme.example");
        var created = await CreateAsync("Client A", "Client B");
        Assert.Equal("Client B", created.Name);
    }

    [Fact, Trait("Rule", "O1")]
    public async Task Create_NormalizesToNfc_SoComposedAndDecomposedSpellingsClash()
    {
        await H.ActAsync("admin@acme.example");
        await CreateAsync("Client A", "Caf\u00e9");
        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("Client A", "CAFE\u0301"));
        Assert.Contains("already has a sub-organization", error.Message);
    }

    [Fact, Trait("Rule", "O1")]
    public async Task Create_EightyCharacters_Succeeds_EightyOne_IsRefused()
    {
        await H.ActAsync("admin@acme.example");
        var eighty = new string('x', 80);

        Assert.Equal(eighty, (await CreateAsync("Client A", eighty)).Name);
        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("Client A", new string('y', 81)));
        Assert.Equal("An organization name has at most 80 characters (this one has 81).", error.Message);
    }

    [Theory, Trait("Rule", "O1")]
    [InlineData("", "An organization name is required.")]
    [InlineData("   \t ", "An organization name is required.")]
    [InlineData("Lab\u0007One", "An organization name cannot contain control characters, line separators or text-direction overrides.")]
    [InlineData("Lab\nOne", "An organization name cannot contain control characters, line separators or text-direction overrides.")]
    [InlineData("Lab\u2028One", "An organization name cannot contain control characters, line separators or text-direction overrides.")]
    [InlineData("Lab\u2029One", "An organization name cannot contain control characters, line separators or text-direction overrides.")]
    [InlineData("Lab\u202EenO", "An organization name cannot contain control characters, line separators or text-direction overrides.")]
    [InlineData("Lab\u2066One\u2069", "An organization name cannot contain control characters, line separators or text-direction overrides.")]
    public async Task Create_EmptyWhitespaceOrControlCharacters_IsRefused(string name, string message)
    {
        await H.ActAsync("admin@acme.example");
        var before = await OrganizationCountAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("Client A", name));

        Assert.Equal(message, error.Message);
        Assert.Equal(before, await OrganizationCountAsync());
    }

    [Theory, Trait("Rule", "O1")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("שלום עולם")]
    [InlineData("Lab 🚀 Ünïcode")]
    public async Task Create_MarkupRtlAndEmoji_AreStoredExactlyAsTyped(string name)
    {
        await H.ActAsync("admin@acme.example");
        var created = await CreateAsync("Client A", name);
        await using var db = H.NewDbContext();
        Assert.Equal(name, await db.Organizations.Where(o => o.Id == created.Id).Select(o => o.Name).SingleAsync());
    }

    [Fact, Trait("Rule", "O1")]
    public async Task CheckNewName_GivesTheSameMessagesAsCreate_AndNullWhenTheNameIsFree()
    {
        await H.ActAsync("admin@acme.example");
        var acme = await H.OrganizationIdAsync("Acme IoT");

        Assert.Null(await Service.CheckNewNameAsync(acme, "Client C"));
        Assert.Contains("already has a sub-organization named client a", await Service.CheckNewNameAsync(acme, "client a"));
        Assert.Equal("An organization name is required.", await Service.CheckNewNameAsync(acme, "  "));
    }

    [Fact, Trait("Rule", "O1"), Trait("Rule", "L1")]
    public async Task Rename_ByTheClientsOwnAdmin_IsAuditedWithTheOldAndNewName()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");

        var renamed = (await Service.RenameAsync(new RenameOrganizationRequest(clientA, " Client Alpha "))).Organization;

        Assert.Equal("Client Alpha", renamed.Name);
        Assert.Equal("Acme IoT / Client Alpha", renamed.PathLabel);
        var entry = await LastAuditAsync(AuditActions.OrganizationRenamed);
        Assert.Equal("clienta.admin@acme.example", entry.ActorEmail);
        Assert.Contains("\"Client A\"", entry.Before);
        Assert.Contains("\"Client Alpha\"", entry.After);
        Assert.Equal("Client Alpha", Assert.Single(entry.Organizations).Name);
    }

    [Fact, Trait("Rule", "O1")]
    public async Task Rename_ToASiblingsNameInAnotherCase_IsRefused_ButChangingOnlyItsOwnCaseIsAllowed()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");

        var error = await Assert.ThrowsAsync<DomainException>(() => Service.RenameAsync(new RenameOrganizationRequest(clientA, "CLIENT b")));
        Assert.Contains("Acme IoT already has a sub-organization named CLIENT b", error.Message);

        Assert.Equal("CLIENT A", (await Service.RenameAsync(new RenameOrganizationRequest(clientA, "CLIENT A"))).Organization.Name);
    }

    [Fact, Trait("Rule", "O1")]
    public async Task Rename_RootToAnotherCustomersName_IsAllowed_RootNamesNeedNotBeUnique()
    {
        await H.ActAsync("globex.admin@globex.example");
        var renamed = (await Service.RenameAsync(new RenameOrganizationRequest(await H.OrganizationIdAsync("Globex"), "Acme IoT"))).Organization;
        Assert.Equal("Acme IoT", renamed.Name);
    }

    [Fact, Trait("Rule", "O1")]
    public async Task Rename_ToTheSameName_WritesNothing()
    {
        await H.ActAsync("admin@acme.example");
        var before = await AuditCountAsync();
        await Service.RenameAsync(new RenameOrganizationRequest(await H.OrganizationIdAsync("Client A"), "Client A "));
        Assert.Equal(before, await AuditCountAsync());
    }

    // O2: who creates, and how deep

    [Fact, Trait("Rule", "O2")]
    public async Task Create_AtTheMaximumLevel_Succeeds_OneBelowIt_IsRefusedNamingTheLimit()
    {
        await H.ActAsync("admin@acme.example");
        // Client A Warehouse is at level 3; levels 4 to 8 are allowed with the default maximum.
        var parent = "Client A Warehouse";
        for (var level = 4; level <= 8; level++)
        {
            var created = await CreateAsync(parent, $"Level {level}");
            Assert.Equal(level, created.Level);
            parent = created.Name;
        }

        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("Level 8", "Level 9"));
        Assert.Equal("Organizations are nested at most 8 levels deep; Level 8 is at level 8, so it cannot have sub-organizations.", error.Message);
    }

    [Fact, Trait("Rule", "O2")]
    public async Task LoweringTheLimit_LeavesDeeperOrganizationsInPlace_ButRefusesCreatingDeeper()
    {
        await using var h = await ServiceHarness.CreateAsync(settings: new() { ["Organizations:MaxDepth"] = "2" });
        await h.ActAsync("admin@acme.example");
        var service = h.Get<OrganizationCommands>();
        var warehouse = await h.OrganizationIdAsync("Client A Warehouse");

        Assert.Equal("Depot", (await service.RenameAsync(new RenameOrganizationRequest(warehouse, "Depot"))).Organization.Name);
        var clientB = await h.OrganizationIdAsync("Client B");
        var error = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync(new CreateOrganizationRequest(clientB, "Lab")));
        Assert.Contains("at most 2 levels deep", error.Message);
        Assert.Equal(2, (await service.CreateAsync(new CreateOrganizationRequest(await h.OrganizationIdAsync("Acme IoT"), "Client C"))).Organization.Level);
    }

    [Theory, Trait("Rule", "O2"), Trait("Rule", "A4")]
    [InlineData("staff@acme.example", "Client A")]
    [InlineData("clienta.user@acme.example", "Client A")]
    [InlineData("multi@example.com", "Globex")]
    public async Task Create_ByStaffOrUser_IsRefusedNamingTheRoleNeeded_AndLogged(string email, string parent)
    {
        await H.ActAsync(email);
        var before = await OrganizationCountAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => CreateAsync(parent, "Lab"));

        Assert.IsNotType<NotFoundException>(error);
        Assert.Equal($"Creating a sub-organization of {parent} needs Admin in {parent}.", error.Message);
        Assert.Equal(before, await OrganizationCountAsync());
        Assert.Contains(H.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Refused O2"));
    }

    [Fact, Trait("Rule", "A4")]
    public async Task EveryOperation_ByAnAdminOfTheOtherTree_IsNotFound()
    {
        await H.ActAsync("globex.admin@globex.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var warehouse = await H.OrganizationIdAsync("Client A Warehouse");
        var clientB = await H.OrganizationIdAsync("Client B");

        await Assert.ThrowsAsync<NotFoundException>(() => Service.CreateAsync(new CreateOrganizationRequest(clientA, "Lab")));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.CheckNewNameAsync(clientA, "Lab"));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.RenameAsync(new RenameOrganizationRequest(clientA, "Lab")));
        await Assert.ThrowsAsync<NotFoundException>(() => H.Get<OrganizationMoves>().PreviewMoveAsync(new MoveOrganizationRequest(warehouse, clientB)));
        await Assert.ThrowsAsync<NotFoundException>(() => H.Get<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(warehouse, clientB)));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.DeleteAsync(warehouse));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetActionsAsync(warehouse));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.DeleteAsync(999_999));
    }

    [Theory, Trait("Rule", "O1"), Trait("Rule", "A4")]
    [InlineData("staff@acme.example")]
    [InlineData("clienta.user@acme.example")]
    public async Task Rename_ByStaffOrUser_IsRefusedNamingTheRoleNeeded(string email)
    {
        await H.ActAsync(email);
        var clientA = await H.OrganizationIdAsync("Client A");
        var error = await Assert.ThrowsAsync<DomainException>(() => Service.RenameAsync(new RenameOrganizationRequest(clientA, "Lab")));
        Assert.Equal("Renaming Client A needs Admin in Client A.", error.Message);
    }

    [Theory, Trait("Rule", "A2")]
    [InlineData("admin@acme.example", "Client A", true, true, true, true)]
    [InlineData("admin@acme.example", "Acme IoT", true, true, false, false)]
    [InlineData("clienta.admin@acme.example", "Client A", true, true, false, false)]
    [InlineData("clienta.admin@acme.example", "Client A Warehouse", true, true, true, true)]
    [InlineData("staff@acme.example", "Client A", false, false, false, false)]
    [InlineData("clienta.user@acme.example", "Client A Warehouse", false, false, false, false)]
    public async Task Actions_AreOfferedToAdminsOnly_MoveAndDeleteToAdminsOfTheParent(string email, string organization,
        bool create, bool rename, bool move, bool delete)
    {
        await H.ActAsync(email);
        var actions = await Service.GetActionsAsync(await H.OrganizationIdAsync(organization));
        Assert.Equal(new OrganizationActions(create, rename, move, delete), actions);
    }

    // O4: delete

    [Fact, Trait("Rule", "O4")]
    public async Task Delete_NonEmpty_IsRefusedWithTheCountsThatRemain()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var clientB = await H.OrganizationIdAsync("Client B");
        var error = await Assert.ThrowsAsync<DomainException>(() => Service.DeleteAsync(clientA));
        Assert.StartsWith("Client A still contains 1 sub-organization and 26 devices.", error.Message);

        error = await Assert.ThrowsAsync<DomainException>(() => Service.DeleteAsync(clientB));
        Assert.StartsWith("Client B still contains 10 devices.", error.Message);
        Assert.Equal(5, await OrganizationCountAsync());
    }

    [Fact, Trait("Rule", "O4")]
    public async Task Delete_Root_IsRefused_EvenForItsAdmin()
    {
        await H.ActAsync("globex.admin@globex.example");
        var globex = await H.OrganizationIdAsync("Globex");
        var error = await Assert.ThrowsAsync<DomainException>(() => Service.DeleteAsync(globex));
        Assert.Equal("Globex is a root organization; root organizations are not deleted from the console.", error.Message);
    }

    [Theory, Trait("Rule", "O4"), Trait("Rule", "A4")]
    [InlineData("staff@acme.example", "Deleting Lab needs Admin in Client A.")]
    [InlineData("clienta.user@acme.example", "Deleting Lab needs Admin in Client A.")]
    public async Task Delete_ByStaffOrUser_IsRefusedNamingTheRoleNeeded(string email, string message)
    {
        await H.ActAsync("admin@acme.example");
        var lab = await CreateAsync("Client A", "Lab");
        await H.ActAsync(email);

        var error = await Assert.ThrowsAsync<DomainException>(() => Service.DeleteAsync(lab.Id));

        Assert.Equal(message, error.Message);
        Assert.Equal(6, await OrganizationCountAsync());
    }

    [Fact, Trait("Rule", "O4")]
    public async Task Delete_OfTheClientItself_ByTheClientsAdmin_NeedsAdminInTheParent()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var error = await Assert.ThrowsAsync<DomainException>(() => Service.DeleteAsync(clientA));
        Assert.Equal("Deleting Client A needs Admin in Acme IoT.", error.Message);
    }

    [Fact, Trait("Rule", "O4"), Trait("Rule", "L1")]
    public async Task Delete_Empty_EndsItsMembershipsAndPendingInvitations_AndListsThemInTheAuditEntry()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var lab = await CreateAsync("Client A", "Lab");
        var bobId = await H.CreateAccountAsync("bob@example.com");
        var now = H.Clock.GetUtcNow().UtcDateTime;
        await using (var db = H.NewDbContext())
        {
            db.Memberships.Add(Membership.Create(bobId, lab.Id, Role.Staff, now));
            db.Invitations.Add(Invitation.Create("carol@example.com", "CAROL@EXAMPLE.COM", lab.Id, Role.User, bobId, "hash-1", now, now.AddDays(7)));
            db.Invitations.Add(Invitation.Create("old@example.com", "OLD@EXAMPLE.COM", lab.Id, Role.User, bobId, "hash-2", now.AddDays(-9), now.AddDays(-2)));
            await db.SaveChangesAsync();
        }

        await Service.DeleteAsync(lab.Id);

        await using var check = H.NewDbContext();
        Assert.False(await check.Organizations.AnyAsync(o => o.Id == lab.Id));
        Assert.False(await check.Memberships.AnyAsync(m => m.OrganizationId == lab.Id));
        Assert.False(await check.Invitations.AnyAsync(i => i.OrganizationId == lab.Id));
        var entry = await LastAuditAsync(AuditActions.OrganizationDeleted);
        Assert.Equal(("clienta.admin@acme.example", "Lab"), (entry.ActorEmail, entry.TargetName));
        Assert.Contains("bob@example.com", entry.Before);
        Assert.Contains("Staff", entry.Before);
        Assert.Contains("carol@example.com", entry.Before);
        Assert.DoesNotContain("old@example.com", entry.Before);
        Assert.Equal(lab.Path, Assert.Single(entry.Organizations).Path);
    }

    [Fact, Trait("Rule", "O4")]
    public async Task Delete_TheActiveOrganizationOfAnAccount_LeavesThatAccountOnItsFallback()
    {
        await H.ActAsync("admin@acme.example");
        var lab = await CreateAsync("Client B", "Lab");
        await H.Get<ActiveOrganizationService>().SetAsync(lab.Id);

        await Service.DeleteAsync(lab.Id);

        // The stored choice is cleared with the organization (SetNull); the next read falls back to the switcher's first.
        var active = await H.Get<ActiveOrganizationService>().GetAsync();
        Assert.Equal("Acme IoT", active!.Organization.Name);
    }
}
