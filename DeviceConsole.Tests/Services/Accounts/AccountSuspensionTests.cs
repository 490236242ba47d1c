using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Accounts.Sessions;
using DeviceConsole.Services.Dashboard;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Accounts;

public sealed class AccountSuspensionTests : ServiceTest
{
    private AccountSuspensions Suspensions => H.Get<AccountSuspensions>();

    private async Task<DateTime?> SuspendedAtAsync(string email)
    {
        await using var db = H.NewDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.SuspendedAt).SingleAsync();
    }

    private async Task<int> AuditCountAsync(string action)
    {
        await using var db = H.NewDbContext();
        return await db.AuditEntries.CountAsync(e => e.Action == action);
    }

    [Fact, Trait("Rule", "S4")]
    public async Task AnAdminOfEveryMembership_Suspends_AndReinstates_AuditedEachTime()
    {
        await H.ActAsync("admin@acme.example");
        var acme = await H.OrganizationIdAsync("Acme IoT");
        var user = await H.AccountIdAsync("clienta.user@acme.example");
        Assert.False((await Suspensions.EligibleAsync(acme))[user]);

        var result = await Suspensions.SuspendAsync(acme, user);

        Assert.Contains("suspended", result.Message);
        Assert.NotNull(await SuspendedAtAsync("clienta.user@acme.example"));
        Assert.True((await Suspensions.EligibleAsync(acme))[user]);
        Assert.Equal(1, await AuditCountAsync(AuditActions.AccountSuspended));
        await using (var db = H.NewDbContext())
            Assert.True(await db.Memberships.AnyAsync(m => m.AccountId == user), "memberships stay as they are");

        await Suspensions.ReinstateAsync(acme, user);
        Assert.Null(await SuspendedAtAsync("clienta.user@acme.example"));
        Assert.Equal(1, await AuditCountAsync(AuditActions.AccountReinstated));
    }

    [Fact, Trait("Rule", "S4")]
    public async Task AnAccountWithAMembershipElsewhere_IsNotSuspended_AndNothingChanges()
    {
        // multi@example.com is User of Client B (Acme) and Staff of Globex.
        await H.ActAsync("admin@acme.example");
        var acme = await H.OrganizationIdAsync("Acme IoT");
        var multi = await H.AccountIdAsync("multi@example.com");
        Assert.False((await Suspensions.EligibleAsync(acme)).ContainsKey(multi));

        var error = await Assert.ThrowsAsync<DomainException>(() => Suspensions.SuspendAsync(acme, multi));

        Assert.Contains("also belongs to organizations you do not administer", error.Message);
        Assert.DoesNotContain("Globex", error.Message);
        Assert.Null(await SuspendedAtAsync("multi@example.com"));
        Assert.Equal(0, await AuditCountAsync(AuditActions.AccountSuspended));
    }

    [Fact, Trait("Rule", "S4")]
    public async Task Oneself_StaffAndOtherTrees_AreRefused()
    {
        await H.ActAsync("admin@acme.example");
        var acme = await H.OrganizationIdAsync("Acme IoT");
        var self = await H.AccountIdAsync("admin@acme.example");
        Assert.Contains("your own account", (await Assert.ThrowsAsync<DomainException>(() => Suspensions.SuspendAsync(acme, self))).Message);
        var globexAdmin = await H.AccountIdAsync("globex.admin@globex.example");
        await Assert.ThrowsAsync<NotFoundException>(() => Suspensions.SuspendAsync(acme, globexAdmin));
        var globex = await H.OrganizationIdAsync("Globex");
        await Assert.ThrowsAsync<NotFoundException>(() => Suspensions.SuspendAsync(globex, globexAdmin));

        await H.ActAsync("staff@acme.example");
        var user = await H.AccountIdAsync("clienta.user@acme.example");
        Assert.Contains("needs Admin", (await Assert.ThrowsAsync<DomainException>(() => Suspensions.SuspendAsync(acme, user))).Message);
        Assert.Null(await SuspendedAtAsync("clienta.user@acme.example"));
    }

    [Fact, Trait("Rule", "S4")]
    public async Task ASuspendedAccount_LosesItsSessions_AndTheDashboardListsItsDevices()
    {
        var user = await H.AccountIdAsync("clienta.user@acme.example");
        var sessions = H.Get<AccountSessions>();
        string stamp;
        await using (var db = H.NewDbContext())
            stamp = (await db.Users.SingleAsync(u => u.Id == user)).SecurityStamp!;
        await sessions.StartAsync(user, stamp, null);

        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        Assert.Empty(await H.Get<SuspendedOwnerDevices>().ListAsync(clientA));
        await Suspensions.SuspendAsync(clientA, user);

        await using (var db = H.NewDbContext())
            Assert.False(await db.AccountSessions.AnyAsync(s => s.AccountId == user));
        var listed = await H.Get<SuspendedOwnerDevices>().ListAsync(clientA);
        Assert.NotEmpty(listed);
        Assert.All(listed, d => Assert.Equal("clienta.user@acme.example", d.OwnerEmail));

        await H.ActAsync("staff@acme.example");
        Assert.NotEmpty(await H.Get<SuspendedOwnerDevices>().ListAsync(await H.OrganizationIdAsync("Acme IoT")));
    }
}
