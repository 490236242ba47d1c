using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.SavedViews;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.SavedViews;

public sealed class SavedViewTests : ServiceTest
{
    private SavedViewCommands Commands => H.Get<SavedViewCommands>();
    private SavedViewQueries Queries => H.Get<SavedViewQueries>();

    private async Task<SavedViewSettings> SettingsAsync(string organization, string? search = null, params string[] tags) =>
        new(await H.OrganizationIdAsync(organization), Search: search, Tags: tags, Status: DeviceStatus.Online,
            SortBy: DeviceSort.LastSeen, Descending: true, PageSize: 50);

    [Fact, Trait("Rule", "V1"), Trait("Rule", "L1")]
    public async Task APrivateView_KeepsTheGridSettings_AndIsListedForItsOwnerOnly()
    {
        await H.ActAsync("admin@acme.example");
        var settings = await SettingsAsync("Client A", "Sensor", "north");

        var id = await Commands.SaveAsync("  Online sensors ", settings);

        var opened = await Queries.OpenAsync(id);
        Assert.Equal("Online sensors", opened.Name);
        Assert.Equal(settings with { Tags = null }, opened.Settings with { Tags = null });
        Assert.Equal(["north"], opened.Settings.Tags);
        Assert.False(opened.IsShared);
        await H.ActAsync("staff@acme.example");
        Assert.Empty(await Queries.ListAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => Queries.OpenAsync(id));
        await using var db = H.NewDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.SavedViewCreated));
    }

    [Fact, Trait("Rule", "V1"), Trait("Rule", "V2")]
    public async Task ASharedView_IsListedForTheOrganizationsAdminAndStaff_AndOpensWithinTheOpenersView()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var id = await Commands.SaveAsync("Client A fleet", new SavedViewSettings(clientA), shareWithOrganizationId: clientA);

        await H.ActAsync("staff@acme.example");
        var listed = Assert.Single(await Queries.ListAsync());
        Assert.Equal(("Client A fleet", "Client A", false), (listed.Name, listed.SharedOrganizationName, listed.CanChange));

        // A User of Client A is not that organization's Admin or Staff: the shared view is not for it.
        await H.ActAsync("clienta.user@acme.example");
        Assert.Empty(await Queries.ListAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => Queries.OpenAsync(id));
    }

    [Fact, Trait("Rule", "V2"), Trait("Rule", "A6")]
    public async Task OpeningASharedView_ListsTheDevicesOfTheOpenersOwnView()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var id = await Commands.SaveAsync("Cold rooms", new SavedViewSettings(clientA, Search: "Cold room"), shareWithOrganizationId: clientA);
        // Staff only in the Warehouse below Client A, plus User of Client A: it sees the Warehouse's devices, not all of Client A's.
        await H.AddMembershipAsync("multi@example.com", "Client A", Role.User);
        await H.AddMembershipAsync("multi@example.com", "Client A Warehouse", Role.Staff);

        await H.ActAsync("multi@example.com");
        // Not Admin or Staff of Client A, where the view is shared: it is not listed for it.
        await Assert.ThrowsAsync<NotFoundException>(() => Queries.OpenAsync(id));
        await H.ActAsync("staff@acme.example");
        var opened = await Queries.OpenAsync(id);
        var page = await H.Get<DeviceQueries>().ListAsync(opened.Settings.OrganizationId, opened.Settings.ToRequest());

        Assert.Equal(12, page.Total);
        Assert.All(page.Rows, r => Assert.Contains("Cold room", r.Name));
    }

    [Fact, Trait("Rule", "V2")]
    public async Task AViewSharedWithAnOrganizationTheOpenerNoLongerSees_IsNotFound()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var id = await Commands.SaveAsync("Shared", new SavedViewSettings(clientA), shareWithOrganizationId: clientA);
        await H.AddMembershipAsync("multi@example.com", "Client A", Role.Staff);
        await H.ActAsync("multi@example.com");
        Assert.Equal(id, (await Queries.OpenAsync(id)).Id);

        await using (var db = H.NewDbContext())
        {
            await db.Memberships.Where(m => m.Organization!.Name == "Client A" && db.Users.Any(u => u.Id == m.AccountId && u.Email == "multi@example.com"))
                .ExecuteDeleteAsync();
        }

        await Assert.ThrowsAsync<NotFoundException>(() => Queries.OpenAsync(id));
    }

    [Fact, Trait("Rule", "V1")]
    public async Task Names_AreUniquePerOwner_AndPerOrganization_IgnoringCase()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        await Commands.SaveAsync("Offline", new SavedViewSettings(clientA));
        await Commands.SaveAsync("Offline", new SavedViewSettings(clientA), shareWithOrganizationId: clientA);

        var mine = await Assert.ThrowsAsync<DomainException>(() => Commands.SaveAsync("OFFLINE", new SavedViewSettings(clientA)));
        await H.ActAsync("clienta.admin@acme.example");
        var shared = await Assert.ThrowsAsync<DomainException>(() =>
            Commands.SaveAsync("offline ", new SavedViewSettings(clientA), shareWithOrganizationId: clientA));

        Assert.Equal("You already have a view named \"OFFLINE\"; choose another name.", mine.Message);
        Assert.Equal("Client A already has a shared view named \"offline\"; choose another name.", shared.Message);
    }

    [Theory, Trait("Rule", "V1")]
    [InlineData("", "needs a name")]
    [InlineData("a-name-of-sixty-one-characters-is-one-too-many-for-a-saved-vw", "at most 60 characters")]
    public async Task BadNames_AreRefused(string name, string message)
    {
        await H.ActAsync("admin@acme.example");

        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await Commands.SaveAsync(name, new SavedViewSettings(await H.OrganizationIdAsync("Client A"))));

        Assert.Contains(message, error.Message);
    }

    [Fact, Trait("Rule", "V1")]
    public async Task SharingNeedsAdminThere_AndAViewOfAnotherOrganization_IsRefused()
    {
        await H.ActAsync("staff@acme.example");
        var acme = await H.OrganizationIdAsync("Acme IoT");
        var clientA = await H.OrganizationIdAsync("Client A");
        var staff = await Assert.ThrowsAsync<DomainException>(() => Commands.SaveAsync("x", new SavedViewSettings(acme), acme));

        await H.ActAsync("admin@acme.example");
        var elsewhere = await Assert.ThrowsAsync<DomainException>(() => Commands.SaveAsync("x", new SavedViewSettings(acme), clientA));
        await H.ActAsync("clienta.admin@acme.example");
        await Assert.ThrowsAsync<NotFoundException>(async () =>
            await Commands.SaveAsync("x", new SavedViewSettings(clientA), await H.OrganizationIdAsync("Globex")));

        Assert.Equal("Sharing a view needs Admin in Acme IoT.", staff.Message);
        Assert.Equal("A view shared with Client A lists Client A or one of its sub-organizations, not Acme IoT.", elsewhere.Message);
    }

    [Fact, Trait("Rule", "V2")]
    public async Task OnlyTheOwnerOrAnAdminOfTheSharedOrganization_RenamesOrDeletes()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var id = await Commands.SaveAsync("Shared", new SavedViewSettings(clientA), shareWithOrganizationId: clientA);

        await H.ActAsync("staff@acme.example");
        var refused = await Assert.ThrowsAsync<DomainException>(() => Commands.RenameAsync(id, "Mine now"));
        await H.ActAsync("admin@acme.example");
        await Commands.RenameAsync(id, "Renamed by the root Admin");
        await H.ActAsync("globex.admin@globex.example");
        await Assert.ThrowsAsync<NotFoundException>(() => Commands.DeleteAsync(id));
        await H.ActAsync("clienta.admin@acme.example");
        await Commands.DeleteAsync(id);

        Assert.Equal("Renaming \"Shared\" needs its owner or Admin in Client A.", refused.Message);
        Assert.Empty(await Queries.ListAsync());
        await using var db = H.NewDbContext();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.TargetType == AuditTargets.SavedView));
    }

    [Fact, Trait("Rule", "V2"), Trait("Rule", "A4")]
    public async Task ACraftedViewId_IsNotFound()
    {
        await H.ActAsync("admin@acme.example");

        await Assert.ThrowsAsync<NotFoundException>(() => Queries.OpenAsync(424242));
        await Assert.ThrowsAsync<NotFoundException>(() => Commands.RenameAsync(424242, "x"));
        await Assert.ThrowsAsync<NotFoundException>(() => Commands.DeleteAsync(-1));
    }
}
