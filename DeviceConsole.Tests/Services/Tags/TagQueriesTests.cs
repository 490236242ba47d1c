using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Tags;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Services.Tags;

public sealed class TagQueriesTests : ServiceTest
{
    private async Task TagAsync(string actor, string tag, params string[] serials)
    {
        await H.ActAsync(actor);
        var tokens = new List<DeviceToken>();
        foreach (var serial in serials)
            tokens.Add(await TransferTestData.TokenAsync(H, serial));
        await H.Get<TagCommands>().ApplyAsync(new TagRequest(tokens, [tag], []));
    }

    [Fact, Trait("Rule", "G2"), Trait("Rule", "A4")]
    public async Task Suggestions_ComeFromTheActorsView_Only()
    {
        await TagAsync("admin@acme.example", "rooftop", "CLA-SN-1001");
        await TagAsync("admin@acme.example", "roaming", "CLB-MT-1001");
        await TagAsync("globex.admin@globex.example", "robot", "GLX-PU-1001");

        await H.ActAsync("clienta.admin@acme.example");
        var suggested = await H.Get<TagQueries>().SuggestAsync(await H.OrganizationIdAsync("Client A"), "ro");

        // "roaming" lives in Client B and "robot" in another tree: neither is in Client A's Admin's view.
        Assert.Equal(["rooftop"], suggested);
    }

    [Fact, Trait("Rule", "G2"), Trait("Rule", "A2")]
    public async Task AUser_IsSuggestedOnlyTheTagsOfItsOwnDevices()
    {
        await TagAsync("admin@acme.example", "owned-tag", "CLA-TR-1001");
        await TagAsync("admin@acme.example", "others-tag", "CLA-SN-1001");

        await H.ActAsync("clienta.user@acme.example");
        var suggested = await H.Get<TagQueries>().SuggestAsync(await H.OrganizationIdAsync("Client A"), null);

        Assert.Equal(["owned-tag"], suggested);
    }

    [Fact, Trait("Rule", "G3"), Trait("Rule", "A6")]
    public async Task TheTagFilter_NeedsEveryTag_AndCombinesWithSearchStatusAndSubtree()
    {
        await TagAsync("admin@acme.example", "north", "CLA-SN-1001", "CLA-SN-1002", "CLW-CR-1001");
        await TagAsync("admin@acme.example", "battery", "CLA-SN-1002", "CLW-CR-1001");
        await H.ActAsync("admin@acme.example");
        var queries = H.Get<DeviceQueries>();
        var clientA = await H.OrganizationIdAsync("Client A");

        var both = await queries.ListAsync(clientA, new DeviceListRequest(Tags: ["NORTH", "battery"]));
        var bothHere = await queries.ListAsync(clientA, new DeviceListRequest(Tags: ["north", "battery"], IncludeSubOrganizations: false));
        var searched = await queries.ListAsync(clientA, new DeviceListRequest(Search: "Cold room", Tags: ["north"]));

        Assert.Equal(["CLA-SN-1002", "CLW-CR-1001"], both.Rows.Select(r => r.SerialNumber).Order());
        Assert.Equal(["CLA-SN-1002"], bothHere.Rows.Select(r => r.SerialNumber));
        Assert.Equal(["CLW-CR-1001"], searched.Rows.Select(r => r.SerialNumber));
        Assert.Equal(["battery", "north"], both.Rows.First().Tags);
    }
}
