using System.Net;
using System.Text.Json;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Api;

public sealed class TransfersApiTests(ApiFactory factory) : ApiTestBase(factory)
{
    private async Task<HttpClient> AdminAsync(string name) => App.Client(await App.TokenAsync("admin@acme.example", "Acme IoT", Role.Admin, name));

    private async Task<object> DevicesAsync(HttpClient client, params string[] serials)
    {
        var devices = new List<object>();
        foreach (var serial in serials)
        {
            var device = await OkAsync(await client.GetAsync($"/api/v1/devices/{await App.DeviceIdAsync(serial)}"));
            devices.Add(new { deviceId = device.GetProperty("id").GetInt32(), version = device.GetProperty("version").GetGuid() });
        }
        return devices;
    }

    [Fact, Trait("Rule", "D7")]
    public async Task TheDryRun_IsThePreview_AndEqualsWhatTheTransferDoes()
    {
        var client = await AdminAsync("dry-run");
        var body = new { destinationOrganizationId = await App.OrganizationIdAsync("Client B"), devices = await DevicesAsync(client, "CLA-SN-1005", "CLA-SN-1006"), newOwnerEmail = "multi@example.com" };

        var preview = await OkAsync(await PostAsync(client, "/api/v1/transfers?dryRun=true", body));
        Assert.Equal(2, preview.GetProperty("moving").GetInt32());
        Assert.Contains(preview.GetProperty("accessChanges").EnumerateArray(), c => c.GetProperty("email").GetString() == "multi@example.com" && c.GetProperty("kind").GetString() == "Gains");
        await using (var db = App.NewDbContext())
            Assert.Equal(0, await db.Devices.CountAsync(d => d.SerialNumber == "CLA-SN-1005" && d.Organization!.Name == "Client B"));

        var result = await OkAsync(await PostAsync(client, "/api/v1/transfers", new { body.destinationOrganizationId, devices = preview.GetProperty("tokens"), body.newOwnerEmail }));

        Assert.Equal(preview.GetProperty("moving").GetInt32(), result.GetProperty("moved").GetInt32());
        await using var check = App.NewDbContext();
        var moved = await check.Devices.Where(d => d.SerialNumber == "CLA-SN-1005" || d.SerialNumber == "CLA-SN-1006")
            .Select(d => new { d.Organization!.Name, Owner = check.Users.Where(u => u.Id == d.OwnerId).Select(u => u.Email).Single() }).ToListAsync();
        var planned = preview.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("toOwner").GetString()).ToList();
        Assert.All(moved, d => Assert.Equal(("Client B", "multi@example.com"), (d.Name, d.Owner)));
        Assert.All(planned, owner => Assert.Equal("multi@example.com", owner));
    }

    [Fact, Trait("Rule", "D8")]
    public async Task ADryRunOfAFilter_FreezesTheDevices_AndTheTransferNeedsThem()
    {
        var client = await AdminAsync("filter");
        var destination = await App.OrganizationIdAsync("Client A");
        var matching = new { organizationId = await App.OrganizationIdAsync("Client A Warehouse"), search = "CLW-CR-100" };

        var preview = await OkAsync(await PostAsync(client, "/api/v1/transfers?dryRun=true", new { destinationOrganizationId = destination, matching }));
        Assert.Equal(9, preview.GetProperty("tokens").GetArrayLength());

        var refused = await ProblemAsync(await PostAsync(client, "/api/v1/transfers", new { destinationOrganizationId = destination, matching }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("tokens", Detail(refused));
    }

    [Fact, Trait("Rule", "D8")]
    public async Task ARetryWithTheSameIdempotencyKey_TransfersOnce_AndAnswersTheFirstResult()
    {
        var client = await AdminAsync("idempotent");
        var body = new { destinationOrganizationId = await App.OrganizationIdAsync("Client A Warehouse"), devices = await DevicesAsync(client, "CLA-SN-1007") };
        var id = await App.DeviceIdAsync("CLA-SN-1007");

        async Task<HttpResponseMessage> SendAsync(object content)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transfers") { Content = Body(content) };
            request.Headers.Add("Idempotency-Key", "retry-1");
            return await client.SendAsync(request);
        }
        var first = await SendAsync(body);
        var retry = await SendAsync(body);

        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, (await OkAsync(retry)).GetProperty("moved").GetInt32());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        await using var db = App.NewDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DeviceTransferred && e.TargetId == id.ToString()));
        var other = await SendAsync(new { body.destinationOrganizationId, devices = await DevicesAsync(client, "CLA-SN-1008") });
        await ProblemAsync(other, HttpStatusCode.UnprocessableEntity);
    }

    [Fact, Trait("Rule", "D4")]
    public async Task AnOwnerWithoutAccess_Is409_WithTheConsolesSentenceAndTheWayOut()
    {
        var client = await AdminAsync("d4");
        var body = new { destinationOrganizationId = await App.OrganizationIdAsync("Client A"), devices = await DevicesAsync(client, "CLA-SN-1009"), newOwnerEmail = "bob@example.com" };

        var problem = await ProblemAsync(await PostAsync(client, "/api/v1/transfers", body), HttpStatusCode.Conflict);

        Assert.Equal("D4", Rule(problem));
        Assert.StartsWith("bob@example.com has no access to Client A or an organization above it. Invite bob@example.com to Client A first.", Detail(problem));
    }

    [Fact, Trait("Rule", "D5")]
    public async Task ATransferThatChangesNothing_SaysWhoAlreadyOwnsIt()
    {
        var client = await AdminAsync("d5");
        var body = new { destinationOrganizationId = await App.OrganizationIdAsync("Client A"), devices = await DevicesAsync(client, "CLA-TR-1002") };

        var result = await OkAsync(await PostAsync(client, "/api/v1/transfers", body));

        Assert.Equal(0, result.GetProperty("moved").GetInt32());
        Assert.Contains("clienta.user@acme.example already owns", result.GetProperty("message").GetString());
    }

    [Fact, Trait("Rule", "D3"), Trait("Rule", "T2")]
    public async Task ATokenForClientA_CannotMoveADeviceToClientB()
    {
        var client = App.Client(await App.TokenAsync("admin@acme.example", "Client A", Role.Admin, "d3"));
        var body = new { destinationOrganizationId = await App.OrganizationIdAsync("Client B"), devices = await DevicesAsync(client, "CLA-SN-1010") };

        await ProblemAsync(await PostAsync(client, "/api/v1/transfers?dryRun=true", body), HttpStatusCode.NotFound);
    }
}
