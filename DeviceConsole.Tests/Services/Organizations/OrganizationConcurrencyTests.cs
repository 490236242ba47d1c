using DeviceConsole.Domain;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Organizations;

/// <summary>A3: two clients of one database file race; exactly one commits and the rule still holds.</summary>
public sealed class OrganizationConcurrencyTests
{
    [Fact, Trait("Rule", "A3"), Trait("Rule", "O1")]
    public async Task ConcurrentCreation_OfTheSameNameThroughTwoClients_ExactlyOneWins()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        await using var second = h.SecondClient();
        await h.ActAsync("admin@acme.example");
        await second.ActAsync("clienta.admin@acme.example");
        var clientA = await h.OrganizationIdAsync("Client A");

        var (succeeded, failures) = await Race.RunAsync(
            () => h.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(clientA, "Cold Store")),
            () => second.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(clientA, "COLD STORE")));

        Assert.Equal(1, succeeded);
        Assert.Contains("Client A already has a sub-organization named", Assert.IsType<DomainException>(Assert.Single(failures)).Message);
        await using var db = h.NewDbContext();
        Assert.Equal(1, await db.Organizations.CountAsync(o => o.ParentId == clientA && o.NormalizedName == "COLD STORE"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.OrganizationCreated && e.ActorId != null));
    }

    [Fact, Trait("Rule", "A3"), Trait("Rule", "O4")]
    public async Task ConcurrentDeleteAndCreateInside_ExactlyOneCommits_AndNoOrganizationIsOrphaned()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        await using var second = h.SecondClient();
        await h.ActAsync("admin@acme.example");
        await second.ActAsync("clienta.admin@acme.example");
        var lab = (await h.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(await h.OrganizationIdAsync("Client A"), "Lab"))).Organization;

        var (succeeded, failures) = await Race.RunAsync(
            () => h.Get<OrganizationCommands>().DeleteAsync(lab.Id),
            () => second.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(lab.Id, "Bench")));

        Assert.Equal(1, succeeded);
        Assert.IsAssignableFrom<DomainException>(Assert.Single(failures));
        await using var db = h.NewDbContext();
        var labExists = await db.Organizations.AnyAsync(o => o.Id == lab.Id);
        var benchExists = await db.Organizations.AnyAsync(o => o.Name == "Bench");
        Assert.True(labExists == benchExists, "Either Lab was deleted and Bench never created, or Bench was created and Lab kept.");
    }

    [Fact, Trait("Rule", "A3"), Trait("Rule", "O3")]
    public async Task ConcurrentMovesOfTwoSiblingsUnderEachOther_ExactlyOneCommits_AndNoCycleForms()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        await using var second = h.SecondClient();
        await h.ActAsync("admin@acme.example");
        await second.ActAsync("admin@acme.example");
        var service = h.Get<OrganizationCommands>();
        var acme = await h.OrganizationIdAsync("Acme IoT");
        var left = (await service.CreateAsync(new CreateOrganizationRequest(acme, "Left"))).Organization;
        var right = (await service.CreateAsync(new CreateOrganizationRequest(acme, "Right"))).Organization;

        var (succeeded, _) = await Race.RunAsync(
            () => h.Get<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(left.Id, right.Id)),
            () => second.Get<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(right.Id, left.Id)));

        Assert.Equal(1, succeeded);
        await using var db = h.NewDbContext();
        var orgs = await db.Organizations.ToDictionaryAsync(o => o.Id);
        foreach (var organization in orgs.Values)
        {
            // Every path starts at a root and ends at the organization, consistent with ParentId.
            var ids = OrganizationPath.Ids(organization.Path);
            Assert.Equal(organization.Id, ids[^1]);
            Assert.Equal(organization.ParentId, ids.Length > 1 ? ids[^2] : null);
            Assert.Null(orgs[ids[0]].ParentId);
        }
    }
}
