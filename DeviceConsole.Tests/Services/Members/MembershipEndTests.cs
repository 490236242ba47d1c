using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Members;

public sealed class MembershipEndTests : ServiceTest
{
    private MembershipEnds Ends => H.Get<MembershipEnds>();

    private DateTime Now => H.Clock.GetUtcNow().UtcDateTime;

    private async Task<int> MembershipIdAsync(string email, string organization)
    {
        var accountId = await H.AccountIdAsync(email);
        var organizationId = await H.OrganizationIdAsync(organization);
        await using var db = H.NewDbContext();
        return await db.Memberships.IgnoreQueryFilters().Where(m => m.AccountId == accountId && m.OrganizationId == organizationId)
            .Select(m => m.Id).SingleAsync();
    }

    /// <summary>Gives staff@acme.example a Staff membership of Client B that ends in a day (it owns no device there).</summary>
    private async Task<int> TimeBoxedStaffOfClientBAsync()
    {
        await H.AddMembershipAsync("globex.admin@globex.example", "Client B", Role.Staff);
        var id = await MembershipIdAsync("globex.admin@globex.example", "Client B");
        await H.ActAsync("admin@acme.example");
        await Ends.SetEndAsync(id, Now.AddDays(1));
        return id;
    }

    private async Task<ActorView> ViewOfAsync(string email)
    {
        await H.ActAsync(email);
        await using var db = H.NewDbContext();
        return await H.Get<AccessService>().LoadViewAsync(db);
    }

    [Fact, Trait("Rule", "M8"), Trait("Rule", "A1"), Trait("Rule", "L1")]
    public async Task AnEndDate_IsSetByAnAdmin_Audited_AndShownOnTheMember()
    {
        var id = await TimeBoxedStaffOfClientBAsync();

        var overview = await H.Get<MembershipService>().GetAsync(await H.OrganizationIdAsync("Client B"));

        Assert.Equal(Now.AddDays(1), overview.Direct.Single(m => m.MembershipId == id).EndsAt);
        await using var db = H.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.MembershipEndSet);
        Assert.Contains("now ends on", entry.Summary);
    }

    [Fact, Trait("Rule", "M8"), Trait("Rule", "A1"), Trait("Rule", "A6")]
    public async Task AtTheEndDate_TheMembershipGivesNoRole_InMemoryAndInSql_BeforeTheJobRuns()
    {
        await TimeBoxedStaffOfClientBAsync();
        var clientB = await H.OrganizationIdAsync("Client B");
        Assert.Equal(Role.Staff, (await ViewOfAsync("globex.admin@globex.example")).EffectiveRole(await PathAsync("Client B")));

        H.Clock.Advance(TimeSpan.FromDays(1));

        var view = await ViewOfAsync("globex.admin@globex.example");
        Assert.Null(view.EffectiveRole(await PathAsync("Client B")));
        await Assert.ThrowsAsync<NotFoundException>(() => H.Get<DeviceQueries>().ListAsync(clientB, new DeviceListRequest()));
        await H.ActAsync("admin@acme.example");
        var device = await H.DeviceIdAsync("CLB-MT-1001");
        var access = (await H.Get<DeviceQueries>().GetAsync(device)).Access!;
        Assert.DoesNotContain(access, a => a.Email == "globex.admin@globex.example");
        await using var db = H.NewDbContext();
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.MembershipEnded));
    }

    [Fact, Trait("Rule", "M8"), Trait("Rule", "L1")]
    public async Task TheExpiryJob_RecordsTheEndingOnce_BySystem()
    {
        await TimeBoxedStaffOfClientBAsync();
        H.Clock.Advance(TimeSpan.FromDays(1));
        var expiry = H.Get<MembershipExpiry>();

        var first = await expiry.EndExpiredAsync();
        var second = await expiry.EndExpiredAsync();

        Assert.Equal((1, 0), (first, second));
        await using var db = H.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.MembershipEnded);
        Assert.Equal(AuditEntry.SystemActor, entry.ActorEmail);
        Assert.Equal("globex.admin@globex.example", entry.TargetName);
        Assert.False(await db.Memberships.IgnoreQueryFilters().AnyAsync(m => m.EndsAt != null));
    }

    [Fact, Trait("Rule", "M8")]
    public async Task AnEndDateInThePast_IsRefused_AndChangesNothing()
    {
        await H.AddMembershipAsync("globex.admin@globex.example", "Client B", Role.Staff);
        var id = await MembershipIdAsync("globex.admin@globex.example", "Client B");
        await H.ActAsync("admin@acme.example");

        var error = await Assert.ThrowsAsync<DomainException>(() => Ends.SetEndAsync(id, Now.AddMinutes(-1)));

        Assert.StartsWith("An end date must be in the future", error.Message);
        await using var db = H.NewDbContext();
        Assert.Null((await db.Memberships.SingleAsync(m => m.Id == id)).EndsAt);
    }

    [Fact, Trait("Rule", "M8"), Trait("Rule", "M6")]
    public async Task AnEndDate_IsRefusedWhileTheMemberOwnsDevicesItWouldLose_UnlessANewOwnerIsNamed()
    {
        var id = await MembershipIdAsync("clienta.user@acme.example", "Client A");
        await H.ActAsync("clienta.admin@acme.example");

        var refused = await Assert.ThrowsAsync<DomainException>(() => Ends.SetEndAsync(id, Now.AddDays(3)));
        var result = await Ends.SetEndAsync(id, Now.AddDays(3), await H.AccountIdAsync("clienta.admin@acme.example"));

        Assert.Contains("could no longer reach once this membership ends", refused.Message);
        Assert.Contains("passed to clienta.admin@acme.example", result.Message);
        await using var db = H.NewDbContext();
        var userId = await H.AccountIdAsync("clienta.user@acme.example");
        Assert.False(await db.Devices.AnyAsync(d => d.OwnerId == userId));
    }

    [Fact, Trait("Rule", "M8"), Trait("Rule", "M6")]
    public async Task OnlyAnAdminWhoMayChangeTheMembership_SetsAnEndDate()
    {
        var id = await MembershipIdAsync("clienta.user@acme.example", "Client A");
        await H.ActAsync("staff@acme.example");
        var staff = await Assert.ThrowsAsync<DomainException>(() => Ends.SetEndAsync(id, Now.AddDays(3)));
        await H.ActAsync("globex.admin@globex.example");
        await Assert.ThrowsAsync<NotFoundException>(() => Ends.SetEndAsync(id, Now.AddDays(3)));

        Assert.Equal("Setting an end date needs Admin in Client A.", staff.Message);
    }

    [Fact, Trait("Rule", "M8"), Trait("Rule", "O5")]
    public async Task TheLastAdminOfARootWithoutAnEndDate_CannotBeGivenOne()
    {
        var id = await MembershipIdAsync("globex.admin@globex.example", "Globex");
        await H.ActAsync("globex.admin@globex.example");

        var error = await Assert.ThrowsAsync<DomainException>(() => Ends.SetEndAsync(id, Now.AddDays(30)));

        Assert.Contains("is the last Admin of Globex without an end date", error.Message);
    }

    [Fact, Trait("Rule", "M8"), Trait("Rule", "O5")]
    public async Task AnAdminWithAnEndDate_DoesNotCountAsTheRootsLastAdmin()
    {
        await H.AddMembershipAsync("multi@example.com", "Acme IoT", Role.Admin);
        var multi = await MembershipIdAsync("multi@example.com", "Acme IoT");
        var admin = await MembershipIdAsync("admin@acme.example", "Acme IoT");
        await H.ActAsync("admin@acme.example");
        await Ends.SetEndAsync(multi, Now.AddDays(30));

        var error = await Assert.ThrowsAsync<DomainException>(() => H.Get<MembershipService>().RemoveAsync(admin));

        Assert.Contains("last Admin of Acme IoT", error.Message);
    }

    [Fact, Trait("Rule", "M8"), Trait("Rule", "D4"), Trait("Rule", "D1")]
    public async Task ADevice_IsNeverGivenToAnOwnerWhoseOnlyAccessEnds_NamingTheDate()
    {
        await TimeBoxedStaffOfClientBAsync();
        await H.ActAsync("admin@acme.example");
        var token = await TransferTestData.TokenAsync(H, "CLB-MT-1001");

        var clientB = await H.OrganizationIdAsync("Client B");
        var error = await Assert.ThrowsAsync<DomainException>(() => H.Get<TransferService>()
            .TransferAsync(new TransferRequest([token], clientB, "globex.admin@globex.example")));

        Assert.Contains($"access to Client B ends on {Now.AddDays(1):yyyy-MM-dd HH:mm} UTC", error.Message);
    }

    private async Task<string> PathAsync(string organization)
    {
        await using var db = H.NewDbContext();
        return await db.Organizations.Where(o => o.Name == organization).Select(o => o.Path).SingleAsync();
    }
}
