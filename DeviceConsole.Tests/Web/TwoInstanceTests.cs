using System.Net;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Web;

/// <summary>
/// Two console instances on one PostgreSQL database, as behind a load balancer: one sign-in
/// cookie works on both, and what one changes the other sees at its next call.
/// </summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private string _database = null!;
    private ConsoleFactory _first = null!;
    private ConsoleFactory _second = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipUnless(TestProvider.IsPostgres, "PostgreSQL only: several instances need a shared server.");
        _database = await ServiceHarness.CreatePostgresDatabaseAsync();
        _first = new ConsoleFactory(postgresConnectionString: _database);
        _second = new ConsoleFactory(postgresConnectionString: _database);
        _ = _first.Server;
        _ = _second.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_first is null) return;
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await PostgresTestServer.DropDatabaseAsync(_database);
    }

    [Fact, Trait("Rule", "S1")]
    public async Task ASignInCookieFromOneInstance_IsAcceptedByTheOther()
    {
        var jar = new CookieContainer();
        var first = _first.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        await first.SignInOrFailAsync("admin@acme.example");

        var anonymous = await _second.Client().GetAsync("/devices");
        var second = _second.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        var signedIn = await second.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact, Trait("Rule", "A3")]
    public async Task ATransferOnOneInstance_IsListedByTheOther()
    {
        await using var first = await ConsoleCircuit.OpenAsync(_first, "admin@acme.example");
        await using var second = await ConsoleCircuit.OpenAsync(_second, "admin@acme.example");
        var (device, serial, clientB) = await DeviceOfClientAAsync(first.ServiceProvider);
        var before = await second.ServiceProvider.GetRequiredService<DeviceQueries>().ListAsync(clientB, new DeviceListRequest(Search: serial));

        await first.ServiceProvider.GetRequiredService<TransferService>().TransferAsync(
            new TransferRequest([device], clientB, "admin@acme.example"));
        var after = await second.ServiceProvider.GetRequiredService<DeviceQueries>().ListAsync(clientB, new DeviceListRequest(Search: serial));

        Assert.Equal(0, before.Total);
        Assert.Equal(device.DeviceId, Assert.Single(after.Rows).Id);
    }

    [Fact, Trait("Rule", "S3")]
    public async Task AMembershipRemovedOnOneInstance_EndsAccessInTheOthersOpenCircuit_AtItsNextAction()
    {
        var (accountId, membershipId, clientB) = await NewStaffOfClientBAsync();
        await using var circuit = await ConsoleCircuit.OpenAsync(_second, "temp.staff@acme.example");
        var devices = circuit.ServiceProvider.GetRequiredService<DeviceQueries>();
        Assert.True((await devices.ListAsync(clientB, new DeviceListRequest())).Total > 0);

        await using (var admin = await ConsoleCircuit.OpenAsync(_first, "admin@acme.example"))
            await admin.ServiceProvider.GetRequiredService<MembershipService>().RemoveAsync(membershipId);

        // The same open circuit, its next action: Client B is now outside its view (A4).
        await Assert.ThrowsAsync<NotFoundException>(() => devices.ListAsync(clientB, new DeviceListRequest()));
        Assert.NotNull(accountId);
    }

    private static async Task<(DeviceToken Device, string Serial, int ClientB)> DeviceOfClientAAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var clientA = await db.Organizations.Where(o => o.Name == "Client A").Select(o => o.Id).SingleAsync();
        var clientB = await db.Organizations.Where(o => o.Name == "Client B").Select(o => o.Id).SingleAsync();
        var device = await db.Devices.Where(d => d.OrganizationId == clientA).OrderBy(d => d.Id).FirstAsync();
        return (new DeviceToken(device.Id, device.Version), device.SerialNumber, clientB);
    }

    private async Task<(string AccountId, int MembershipId, int ClientB)> NewStaffOfClientBAsync()
    {
        await using var scope = _first.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = new ApplicationUser { UserName = "temp.staff@acme.example", Email = "temp.staff@acme.example", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(account, ServiceHarness.DemoPassword)).Succeeded);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var clientB = await db.Organizations.Where(o => o.Name == "Client B").Select(o => o.Id).SingleAsync();
        var membership = Membership.Create(account.Id, clientB, Role.Staff, DateTime.UtcNow);
        db.Memberships.Add(membership);
        await db.SaveChangesAsync();
        return (account.Id, membership.Id, clientB);
    }
}
