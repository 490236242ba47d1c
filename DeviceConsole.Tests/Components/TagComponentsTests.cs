using Bunit;
using DeviceConsole.Components.Devices;
using DeviceConsole.Components.Tags;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Tags;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using MudBlazor;

namespace DeviceConsole.Tests.Components;

public sealed class TagComponentsTests : ComponentTest
{
    private const string Caption = "p.mud-table-pagination-caption[translate=no]";

    private async Task TagAsync(string tag, params string[] serials)
    {
        var tokens = new List<DeviceToken>();
        foreach (var serial in serials)
            tokens.Add(await TransferTestData.TokenAsync(Harness, serial));
        await Harness.Get<TagCommands>().ApplyAsync(new TagRequest(tokens, [tag], []));
    }

    [Fact, Trait("Rule", "G1")]
    public void TagChips_ShowEveryTag()
    {
        var cut = Render<TagChips>(p => p.Add(c => c.Tags, ["north", "cold"]));

        Assert.Equal(["north", "cold"], cut.FindAll("[data-testid=tag-chip]").Select(c => c.TextContent.Trim()));
    }

    [Fact, Trait("Rule", "G3"), Trait("Rule", "G2")]
    public async Task TheGrid_ShowsTagChips_AndFiltersByAChosenSuggestion()
    {
        await Harness.ActAsync("admin@acme.example");
        await TagAsync("rooftop", "CLA-SN-1001", "CLA-SN-1002");
        var cut = RenderWithProviders<DeviceGrid>((nameof(DeviceGrid.OrganizationId), await Harness.OrganizationIdAsync("Client A")),
            (nameof(DeviceGrid.CanManage), true));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=tag-chip]").Count));

        // The filter's field is created when asked for.
        Assert.Empty(cut.FindAll("[data-testid=tag-filter]"));
        await cut.Find("[data-testid=tag-filter-open]").ClickAsync(new());
        var input = cut.Find("input[data-testid=tag-filter], [data-testid=tag-filter] input");
        await input.InputAsync(new() { Value = "roo" });
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-popover-open .mud-list-item")));
        await cut.Find(".mud-popover-open .mud-list-item").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("1-2 of 2", cut.Find(Caption).TextContent.Trim()));
        Assert.Equal("rooftop", cut.Find("[data-testid=tag-filter-chip]").TextContent.Trim());
    }

    [Fact, Trait("Rule", "G2"), Trait("Rule", "G1")]
    public async Task TheTagDialog_PreviewsThenApplies_AndShowsABadTagsReason()
    {
        await Harness.ActAsync("admin@acme.example");
        var token = await TransferTestData.TokenAsync(Harness, "CLA-SN-1001");
        var cut = RenderWithProviders<ContainerFragment>();
        var parameters = new DialogParameters<TagDialog> { { d => d.Selection, TagSelection.Of(token) }, { d => d.Description, "1 device" } };
        await cut.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TagDialog>("Tags", parameters));

        await cut.Find("input[data-testid=tags-to-add], [data-testid=tags-to-add] input").InputAsync(new() { Value = new string('x', 33) });
        await cut.Find("[data-testid=preview-tags]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("at most 32 characters", cut.Find("[data-testid=tag-error]").TextContent));

        await cut.Find("input[data-testid=tags-to-add], [data-testid=tags-to-add] input").InputAsync(new() { Value = "rooftop north" });
        await cut.Find("[data-testid=preview-tags]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("1 device will change", cut.Find("[data-testid=tag-preview]").TextContent));
        await cut.Find("[data-testid=apply-tags]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=tag-dialog]")));
        var page = await Harness.Get<DeviceQueries>().ListAsync(await Harness.OrganizationIdAsync("Client A"),
            new DeviceListRequest(Tags: ["north", "rooftop"]));
        Assert.Equal(1, page.Total);
    }
}
