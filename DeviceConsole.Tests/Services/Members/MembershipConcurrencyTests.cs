using DeviceConsole.Domain;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Members;

/// <summary>A3: two clients of one database file run conflicting operations at the same time.</summary>
public sealed class MembershipConcurrencyTests
{
    [Fact, Trait("Rule", "A3"), Trait("Rule", "O5")]
    public async Task TheTwoLastAdminsOfARoot_LeavingAtOnce_LeaveOneAdmin()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        var globex = await h.OrganizationIdAsync("Globex");
        var multi = await h.AccountIdAsync("multi@example.com");
        await using (var db = h.NewDbContext())
        {
            await db.Memberships.Where(m => m.AccountId == multi && m.OrganizationId == globex).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, Role.Admin));
        }
        int MembershipOf(string accountId)
        {
            using var db = h.NewDbContext();
            return db.Memberships.Single(m => m.AccountId == accountId && m.OrganizationId == globex).Id;
        }
        var admin = await h.ActAsync("globex.admin@globex.example");
        await using var second = h.SecondClient();
        await second.ActAsync("multi@example.com");
        var adminMembership = MembershipOf(admin);
        var multiMembership = MembershipOf(multi);

        var (succeeded, failures) = await Race.RunAsync(
            () => h.Get<MembershipService>().RemoveAsync(adminMembership, multi),
            () => second.Get<MembershipService>().RemoveAsync(multiMembership, admin));

        Assert.Equal(1, succeeded);
        Assert.IsAssignableFrom<DomainException>(Assert.Single(failures));
        await using var check = h.NewDbContext();
        Assert.Equal(1, await check.Memberships.CountAsync(m => m.OrganizationId == globex && m.Role == Role.Admin));
    }

    [Fact, Trait("Rule", "A3"), Trait("Rule", "O5")]
    public async Task TheTwoLastAdminsDemotingThemselvesAtOnce_LeaveOneAdmin()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        var globex = await h.OrganizationIdAsync("Globex");
        var multi = await h.AccountIdAsync("multi@example.com");
        var admin = await h.ActAsync("globex.admin@globex.example");
        int adminMembership, multiMembership;
        await using (var db = h.NewDbContext())
        {
            await db.Memberships.Where(m => m.AccountId == multi && m.OrganizationId == globex).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, Role.Admin));
            adminMembership = await db.Memberships.Where(m => m.AccountId == admin && m.OrganizationId == globex).Select(m => m.Id).SingleAsync();
            multiMembership = await db.Memberships.Where(m => m.AccountId == multi && m.OrganizationId == globex).Select(m => m.Id).SingleAsync();
        }
        await using var second = h.SecondClient();
        await second.ActAsync("multi@example.com");

        var (succeeded, failures) = await Race.RunAsync(
            () => h.Get<MembershipService>().ChangeRoleAsync(adminMembership, Role.Staff),
            () => second.Get<MembershipService>().ChangeRoleAsync(multiMembership, Role.Staff));

        Assert.Equal(1, succeeded);
        Assert.Contains("is the last Admin of Globex", Assert.Single(failures).Message);
        await using var check = h.NewDbContext();
        Assert.Equal(1, await check.Memberships.CountAsync(m => m.OrganizationId == globex && m.Role == Role.Admin));
    }

    [Fact, Trait("Rule", "A3"), Trait("Rule", "M4")]
    public async Task OneInvitationAcceptedTwiceAtOnce_IsUsedOnce()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        await h.ActAsync("admin@acme.example");
        var sent = await h.Get<InvitationService>().InviteAsync(await h.OrganizationIdAsync("Client A"), "globex.admin@globex.example", Role.Staff, "https://x/");
        var token = sent.Link[(sent.Link.LastIndexOf('/') + 1)..];
        await h.ActAsync("globex.admin@globex.example");
        await using var second = h.SecondClient();
        await second.ActAsync("globex.admin@globex.example");

        var (succeeded, failures) = await Race.RunAsync(
            () => h.Get<InvitationResponseService>().AcceptAsync(token),
            () => second.Get<InvitationResponseService>().AcceptAsync(token));

        Assert.Equal(1, succeeded);
        Assert.Contains("already accepted", Assert.Single(failures).Message);
        await using var check = h.NewDbContext();
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.InvitationAccepted));
        Assert.Equal(8, await check.Memberships.CountAsync());
    }

    [Fact, Trait("Rule", "A3"), Trait("Rule", "M4")]
    public async Task TwoAdminsInvitingTheSameEmailAtOnce_LeaveOnePendingInvitation()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        var clientA = await h.OrganizationIdAsync("Client A");
        await h.ActAsync("admin@acme.example");
        await using var second = h.SecondClient();
        await second.ActAsync("clienta.admin@acme.example");

        var (succeeded, _) = await Race.RunAsync(
            () => h.Get<InvitationService>().InviteAsync(clientA, "bob@example.com", Role.User, "https://x/"),
            () => second.Get<InvitationService>().InviteAsync(clientA, "Bob@Example.com", Role.Staff, "https://x/"));

        Assert.Equal(2, succeeded);
        await using var check = h.NewDbContext();
        Assert.Equal(1, await check.Invitations.CountAsync());
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.InvitationCreated));
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.InvitationResent));
    }
}
