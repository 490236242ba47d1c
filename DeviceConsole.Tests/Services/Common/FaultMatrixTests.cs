using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Services.Members;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Common;

/// <summary>
/// L1, A3: a write that fails at any of its steps (every SQL command and the commit, each in turn,
/// failing as a full disk would) leaves the database exactly as it was, audit log included; the
/// same write without a fault then succeeds, which shows every step was tried.
/// </summary>
public sealed class FaultMatrixTests
{
    /// <summary>A write: who performs it, any set-up outside the fault's reach, and the call.</summary>
    public sealed record Write(string Actor, Func<ServiceHarness, Task<Func<Task>>> Prepare);

    private static Task<DeviceToken> TokenAsync(ServiceHarness h, string serial) => h.TokenAsync(serial);

    private static async Task<int> MembershipAsync(ServiceHarness h, string email, string organization)
    {
        var account = await h.AccountIdAsync(email);
        var organizationId = await h.OrganizationIdAsync(organization);
        await using var db = h.NewDbContext();
        return await db.Memberships.Where(m => m.AccountId == account && m.OrganizationId == organizationId).Select(m => m.Id).SingleAsync();
    }

    private static readonly Dictionary<string, Write> Writes = new()
    {
        ["device created"] = new("admin@acme.example", async h =>
        {
            var clientA = await h.OrganizationIdAsync("Client A");
            return () => h.Get<DeviceCommands>().CreateAsync(clientA, new DeviceDraft("Fault probe", "FAULT-1", DeviceStatus.Online));
        }),
        ["device edited"] = new("admin@acme.example", async h =>
        {
            var token = await TokenAsync(h, "CLA-SN-1001");
            return () => h.Get<DeviceCommands>().EditAsync(token, new DeviceDraft("Renamed sensor", "CLA-SN-1001", DeviceStatus.Offline));
        }),
        ["device deleted"] = new("admin@acme.example", async h =>
        {
            var token = await TokenAsync(h, "CLA-SN-1002");
            return () => h.Get<DeviceCommands>().DeleteAsync(token);
        }),
        ["device transferred"] = new("admin@acme.example", async h =>
        {
            var token = await TokenAsync(h, "CLA-SN-1003");
            var clientB = await h.OrganizationIdAsync("Client B");
            return () => h.Get<TransferService>().TransferAsync(new TransferRequest([token], clientB, "admin@acme.example"));
        }),
        ["organization created"] = new("admin@acme.example", async h =>
        {
            var clientA = await h.OrganizationIdAsync("Client A");
            return () => h.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(clientA, "Fault Lab"));
        }),
        ["organization renamed"] = new("admin@acme.example", async h =>
        {
            var clientB = await h.OrganizationIdAsync("Client B");
            return () => h.Get<OrganizationCommands>().RenameAsync(new RenameOrganizationRequest(clientB, "Client Bee"));
        }),
        ["organization moved"] = new("admin@acme.example", async h =>
        {
            var warehouse = await h.OrganizationIdAsync("Client A Warehouse");
            var clientB = await h.OrganizationIdAsync("Client B");
            var admin = await h.AccountIdAsync("admin@acme.example");
            return () => h.Get<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(warehouse, clientB, admin));
        }),
        ["organization deleted"] = new("admin@acme.example", async h =>
        {
            var created = (await h.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(await h.OrganizationIdAsync("Client B"), "Empty Lab"))).Organization;
            return () => h.Get<OrganizationCommands>().DeleteAsync(created.Id);
        }),
        ["membership changed"] = new("admin@acme.example", async h =>
        {
            var membership = await MembershipAsync(h, "clienta.user@acme.example", "Client A");
            return () => h.Get<MembershipService>().ChangeRoleAsync(membership, Role.Staff);
        }),
        ["membership removed with devices handed over"] = new("admin@acme.example", async h =>
        {
            var membership = await MembershipAsync(h, "staff@acme.example", "Acme IoT");
            var admin = await h.AccountIdAsync("admin@acme.example");
            return () => h.Get<MembershipService>().RemoveAsync(membership, admin);
        }),
        ["invitation created"] = new("admin@acme.example", async h =>
        {
            var clientA = await h.OrganizationIdAsync("Client A");
            return () => h.Get<InvitationService>().InviteAsync(clientA, "fault@example.com", Role.User, ServiceHarness.PublicBaseUrl);
        }),
        ["invitation revoked"] = new("admin@acme.example", async h =>
        {
            var sent = await h.Get<InvitationService>().InviteAsync(await h.OrganizationIdAsync("Client A"), "fault@example.com", Role.User,
                ServiceHarness.PublicBaseUrl);
            return () => h.Get<InvitationService>().RevokeAsync(sent.InvitationId);
        }),
        ["account suspended"] = new("clienta.admin@acme.example", async h =>
        {
            var clientA = await h.OrganizationIdAsync("Client A");
            var user = await h.AccountIdAsync("clienta.user@acme.example");
            return () => h.Get<AccountSuspensions>().SuspendAsync(clientA, user);
        }),
    };

    public static TheoryData<string> WriteNames() => new(Writes.Keys);

    [Theory, MemberData(nameof(WriteNames)), Trait("Rule", "L1"), Trait("Rule", "A3")]
    public async Task AWriteFailingAtAnyStep_ChangesNothing(string name)
    {
        var write = Writes[name];
        await using var h = await ServiceHarness.CreateAsync();
        await h.ActAsync(write.Actor);
        var call = await write.Prepare(h);
        var before = await DatabaseFingerprint.OfAsync(h);

        for (var step = 1; ; step++)
        {
            h.Faults.Arm(step);
            try
            {
                await call();
            }
            catch (Exception e) when (e is DomainException or Microsoft.Data.Sqlite.SqliteException or DbUpdateException or InvalidOperationException)
            {
                Assert.True(before == await DatabaseFingerprint.OfAsync(h), $"{name}: a failure at step {step} left a change behind");
                continue;
            }
            // No step was left to fail: the write ran to the end, so every step before was covered.
            h.Faults.Disarm();
            Assert.True(step > 2, $"{name} completed with only {step - 1} steps");
            Assert.NotEqual(before, await DatabaseFingerprint.OfAsync(h));
            break;
        }
    }
}
