using System.Net;
using DeviceConsole.Domain;

namespace DeviceConsole.Tests.Api;

public sealed class OrganizationsApiTests(ApiFactory factory) : ApiTestBase(factory)
{
    [Fact, Trait("Rule", "T2"), Trait("Rule", "A5")]
    public async Task TheTree_IsTheTokensScope_WithTheClampedRole()
    {
        var client = App.Client(await App.TokenAsync("admin@acme.example", "Client A", Role.Staff, "tree"));

        var tree = await OkAsync(await client.GetAsync("/api/v1/organizations"));

        Assert.Equal(["Client A", "Client A Warehouse"], tree.EnumerateArray().Select(o => o.GetProperty("name").GetString()).Order().ToArray());
        Assert.All(tree.EnumerateArray(), o => Assert.Equal("Staff", o.GetProperty("role").GetString()));
        await ProblemAsync(await client.GetAsync($"/api/v1/organizations/{await App.OrganizationIdAsync("Acme IoT")}"), HttpStatusCode.NotFound);
        await OkAsync(await client.GetAsync($"/api/v1/organizations/{await App.OrganizationIdAsync("Client A")}/subtree"));
    }

    [Fact, Trait("Rule", "O1"), Trait("Rule", "O3"), Trait("Rule", "O4")]
    public async Task CreateRenameMoveAndDelete_WithAMoveDryRunEqualToTheMove()
    {
        var client = App.Client(await App.TokenAsync("admin@acme.example", "Acme IoT", Role.Admin, "lifecycle"));
        var created = await OkAsync(await PostAsync(client, "/api/v1/organizations", new { parentId = await App.OrganizationIdAsync("Client B"), name = "Depot" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();

        var renamed = await OkAsync(await client.PatchAsync($"/api/v1/organizations/{id}", Body(new { name = "North depot" })));
        Assert.Equal("North depot", renamed.GetProperty("name").GetString());

        var move = new { newParentId = await App.OrganizationIdAsync("Client A") };
        var preview = await OkAsync(await PostAsync(client, $"/api/v1/organizations/{id}/move?dryRun=true", move));
        Assert.Equal("Acme IoT / Client B / North depot", preview.GetProperty("labelBefore").GetString());
        var moved = await OkAsync(await PostAsync(client, $"/api/v1/organizations/{id}/move", move));
        Assert.Equal(preview.GetProperty("labelAfter").GetString(), moved.GetProperty("labelAfter").GetString());
        Assert.Equal(preview.GetProperty("roleChanges").GetRawText(), moved.GetProperty("roleChanges").GetRawText());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/organizations/{id}")).StatusCode);
        await ProblemAsync(await client.GetAsync($"/api/v1/organizations/{id}"), HttpStatusCode.NotFound);
    }

    [Fact, Trait("Rule", "O2"), Trait("Rule", "T2")]
    public async Task AStaffCeilingTokenOfAnAdmin_CannotCreateSubOrganizations_403WithTheRoleNeeded()
    {
        var client = App.Client(await App.TokenAsync("admin@acme.example", "Acme IoT", Role.Staff, "staff-ceiling"));

        var problem = await ProblemAsync(await PostAsync(client, "/api/v1/organizations", new { parentId = await App.OrganizationIdAsync("Client B"), name = "Nope" }),
            HttpStatusCode.Forbidden);

        Assert.Equal("Admin", problem.GetProperty("neededRole").GetString());
        Assert.Equal("O2", Rule(problem));
    }

    [Fact, Trait("Rule", "O1")]
    public async Task ASiblingNameClash_Is409_AndAnEmptyName422()
    {
        var client = App.Client(await App.TokenAsync("admin@acme.example", "Acme IoT", Role.Admin, "names"));
        var parentId = await App.OrganizationIdAsync("Acme IoT");

        await ProblemAsync(await PostAsync(client, "/api/v1/organizations", new { parentId, name = "client a" }), HttpStatusCode.Conflict);
        await ProblemAsync(await PostAsync(client, "/api/v1/organizations", new { parentId, name = "  " }), HttpStatusCode.UnprocessableEntity);
    }
}
