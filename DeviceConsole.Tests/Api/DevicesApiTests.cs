using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Api;

public sealed class DevicesApiTests(ApiFactory factory) : ApiTestBase(factory)
{
    private async Task<HttpClient> ClientAsync(string email = "clienta.admin@acme.example", string organization = "Client A",
        Role ceiling = Role.Admin, string name = "devices") => App.Client(await App.TokenAsync(email, organization, ceiling, name));

    private async Task<string> ListUrlAsync(string organization, string query = "") =>
        $"/api/v1/organizations/{await App.OrganizationIdAsync(organization)}/devices?{query}";

    [Theory, Trait("Rule", "A6"), Trait("Rule", "T2")]
    [InlineData("clienta.admin@acme.example", Role.Admin)]
    [InlineData("staff@acme.example", Role.Staff)]
    [InlineData("clienta.user@acme.example", Role.User)]
    public async Task TheListOfASubtree_HoldsWhatEachRoleSees(string email, Role ceiling)
    {
        var client = await ClientAsync(email, "Client A", ceiling, "list-" + ceiling);

        var page = await OkAsync(await client.GetAsync(await ListUrlAsync("Client A", "limit=500")));

        await using var db = App.NewDbContext();
        var path = await db.Organizations.Where(o => o.Name == "Client A").Select(o => o.Path).SingleAsync();
        var inSubtree = db.Devices.Where(d => d.Organization!.Path.StartsWith(path));
        var accountId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var expected = ceiling == Role.User ? await inSubtree.CountAsync(d => d.OwnerId == accountId) : await inSubtree.CountAsync();
        Assert.Equal(expected, page.GetProperty("total").GetInt32());
        Assert.Equal(expected, page.GetProperty("items").GetArrayLength());
    }

    [Fact, Trait("Rule", "A6")]
    public async Task CursorPages_CoverTheListOnce_InOrder()
    {
        var client = await ClientAsync(name: "paging");
        var seen = new List<int>();
        string? next = null;
        var pages = 0;
        do
        {
            var url = await ListUrlAsync("Client A", "limit=7&sort=SerialNumber" + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next)));
            var page = await OkAsync(await client.GetAsync(url));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt32()));
            next = page.GetProperty("next").GetString();
            pages++;
        } while (next is not null && pages < 10);

        var all = await OkAsync(await client.GetAsync(await ListUrlAsync("Client A", "limit=500&sort=SerialNumber")));
        Assert.Equal(all.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt32()), seen);
        Assert.Equal(4, pages);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task PagesLargerThanTheServicesPage_SeekByKey_AcrossServicePages_EveryDeviceOnceInOrder()
    {
        var clientB = await App.OrganizationIdAsync("Client B");
        await using (var db = App.NewDbContext())
        {
            var owner = await db.Users.Where(u => u.Email == "admin@acme.example").Select(u => u.Id).SingleAsync();
            for (var i = 0; i < 230; i++)
                db.Devices.Add(Device.Create($"Bulk {i:D3}", $"API-BULK-{i:D3}", clientB, owner, DeviceStatus.Online, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        var client = await ClientAsync("admin@acme.example", "Client B", Role.Admin, "large-pages");

        var names = new List<string>();
        string? next = null;
        var sizes = new List<int>();
        do
        {
            var page = await OkAsync(await client.GetAsync(await ListUrlAsync("Client B",
                "limit=150" + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next)))));
            var items = page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToList();
            names.AddRange(items);
            sizes.Add(items.Count);
            next = page.GetProperty("next").GetString();
        } while (next is not null && sizes.Count < 5);

        await using var check = App.NewDbContext();
        var path = await check.Organizations.Where(o => o.Id == clientB).Select(o => o.Path).SingleAsync();
        var total = await check.Devices.CountAsync(d => d.Organization!.Path.StartsWith(path));
        Assert.Equal(150, sizes[0]);
        Assert.Equal(total, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=501")]
    [InlineData("cursor=not-a-cursor")]
    public async Task BadPagingInput_Is400(string query)
    {
        var client = await ClientAsync(name: "bad-paging-" + query.Length);

        await ProblemAsync(await client.GetAsync(await ListUrlAsync("Client A", query)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ATamperedOrForeignCursor_Is400_NotA500()
    {
        var client = await ClientAsync(name: "tamper");
        var first = await OkAsync(await client.GetAsync(await ListUrlAsync("Client A", "limit=5")));
        var cursor = first.GetProperty("next").GetString()!;
        var tampered = cursor[..^3] + (cursor[^3] == 'A' ? "B" : "A") + cursor[^2..];

        var changed = await ProblemAsync(await client.GetAsync(await ListUrlAsync("Client A", "limit=5&cursor=" + Uri.EscapeDataString(tampered))), HttpStatusCode.BadRequest);
        var foreign = await ProblemAsync(await client.GetAsync(await ListUrlAsync("Client A", "limit=5&search=x&cursor=" + Uri.EscapeDataString(cursor))), HttpStatusCode.BadRequest);

        Assert.Contains("not valid for this query", Detail(changed));
        Assert.Equal(Detail(changed), Detail(foreign));
    }

    [Fact, Trait("Rule", "T2"), Trait("Rule", "A4")]
    public async Task ATokenForClientA_CannotSeeAcmeRootDevices_WhichAnswerLikeMissingOnes()
    {
        var client = await ClientAsync("admin@acme.example", "Client A", Role.Admin, "scoped");
        var rootDevice = await App.DeviceIdAsync("ACME-GW-1001");

        var outside = await client.GetAsync($"/api/v1/devices/{rootDevice}");
        var missing = await client.GetAsync("/api/v1/devices/999999");
        var rootList = await client.GetAsync(await ListUrlAsync("Acme IoT"));

        var problem = await ProblemAsync(outside, HttpStatusCode.NotFound);
        await ProblemAsync(missing, HttpStatusCode.NotFound);
        await ProblemAsync(rootList, HttpStatusCode.NotFound);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await outside.Content.ReadAsStringAsync());
        Assert.Equal("A4", Rule(problem));
        await OkAsync(await client.GetAsync($"/api/v1/devices/{await App.DeviceIdAsync("CLW-CR-1001")}"));
    }

    [Fact, Trait("Rule", "D2"), Trait("Rule", "D9")]
    public async Task CreateEditDelete_UseTheVersionAsETag()
    {
        var client = await ClientAsync(name: "crud");
        var created = await client.PostAsync(await ListUrlAsync("Client A"), Body(new { name = "API probe", serialNumber = "API-CRUD-1", status = "Online" }));
        var device = await OkAsync(created, HttpStatusCode.Created);
        var id = device.GetProperty("id").GetInt32();
        var etag = created.Headers.ETag!;
        Assert.Equal($"/api/v1/devices/{id}", created.Headers.Location!.OriginalString);

        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/devices/{id}") { Content = Body(new { name = "API probe 2", serialNumber = "API-CRUD-1", status = "Offline" }) };
        edit.Headers.IfMatch.Add(etag);
        var edited = await client.SendAsync(edit);
        Assert.Equal("API probe 2", (await OkAsync(edited)).GetProperty("name").GetString());
        Assert.NotEqual(etag, edited.Headers.ETag);

        var stale = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/devices/{id}");
        stale.Headers.IfMatch.Add(etag);
        Assert.Equal("D9", Rule(await ProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed)));
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/devices/{id}");
        delete.Headers.IfMatch.Add(edited.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(delete)).StatusCode);
        await ProblemAsync(await client.GetAsync($"/api/v1/devices/{id}"), HttpStatusCode.NotFound);
    }

    [Fact, Trait("Rule", "D9")]
    public async Task ConcurrentEditsWithOneIfMatch_OneSucceeds_TheOther412()
    {
        var client = await ClientAsync(name: "race");
        var id = await App.DeviceIdAsync("CLA-SN-1003");
        var get = await client.GetAsync($"/api/v1/devices/{id}");
        await OkAsync(get);
        var etag = get.Headers.ETag!;

        HttpRequestMessage Edit(string name)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/devices/{id}") { Content = Body(new { name, serialNumber = "CLA-SN-1003", status = "Online" }) };
            request.Headers.IfMatch.Add(etag);
            return request;
        }
        // Both clients exist before the race: only the two edits run at once, not the second token's set-up.
        var second = App.Client(await App.TokenAsync("admin@acme.example", "Acme IoT", Role.Admin, "race-2"));
        var answers = await Task.WhenAll(client.SendAsync(Edit("First")), second.SendAsync(Edit("Second")));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order().ToArray());
    }

    [Fact, Trait("Rule", "D9")]
    public async Task AnEditWithoutIfMatch_Is428_AndAMalformedOne400()
    {
        var client = await ClientAsync(name: "no-if-match");
        var id = await App.DeviceIdAsync("CLA-SN-1004");
        var url = $"/api/v1/devices/{id}";
        var body = new { name = "X", serialNumber = "CLA-SN-1004", status = "Online" };

        await ProblemAsync(await client.PutAsync(url, Body(body)), HttpStatusCode.PreconditionRequired);
        var malformed = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(body) };
        malformed.Headers.TryAddWithoutValidation("If-Match", "\"nope\"");
        await ProblemAsync(await client.SendAsync(malformed), HttpStatusCode.BadRequest);
    }

    [Fact, Trait("Rule", "D2")]
    public async Task InvalidDeviceInput_Is422_WithTheConsolesSentence_AndAStaffCeilingUserIsRefused403()
    {
        var client = await ClientAsync(name: "invalid");
        var invalid = await client.PostAsync(await ListUrlAsync("Client A"), Body(new { name = new string('n', 81), serialNumber = "API-INV-1", status = "Online" }));
        Assert.Contains("at most 80 characters", Detail(await ProblemAsync(invalid, HttpStatusCode.UnprocessableEntity)));

        var user = await ClientAsync("clienta.user@acme.example", "Client A", Role.User, "user-create");
        var refused = await ProblemAsync(await user.PostAsync(await ListUrlAsync("Client A"), Body(new { name = "X", serialNumber = "API-INV-2", status = "Online" })), HttpStatusCode.Forbidden);
        Assert.Equal("Creating devices needs Staff in Client A.", Detail(refused));
        Assert.Equal("Staff", refused.GetProperty("neededRole").GetString());
    }

    [Fact, Trait("Rule", "A7"), Trait("Rule", "D10")]
    public async Task AccessAndHistory_AreShownToAdminAndStaff_NotToAUser()
    {
        var client = await ClientAsync(name: "access");
        var id = await App.DeviceIdAsync("CLA-TR-1001");

        var access = await OkAsync(await client.GetAsync($"/api/v1/devices/{id}/access"));
        Assert.Contains(access.EnumerateArray(), a => a.GetProperty("isOwner").GetBoolean() && a.GetProperty("email").GetString() == "clienta.user@acme.example");
        var history = await OkAsync(await client.GetAsync($"/api/v1/devices/{id}/history?limit=10"));
        Assert.Contains(history.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == AuditActions.DeviceCreated);

        var user = await ClientAsync("clienta.user@acme.example", "Client A", Role.User, "user-access");
        var refused = await ProblemAsync(await user.GetAsync($"/api/v1/devices/{id}/access"), HttpStatusCode.Forbidden);
        Assert.Equal(("A7", "Staff"), (Rule(refused), refused.GetProperty("neededRole").GetString()));
        await ProblemAsync(await user.GetAsync($"/api/v1/devices/{id}/history"), HttpStatusCode.Forbidden);
    }
}
