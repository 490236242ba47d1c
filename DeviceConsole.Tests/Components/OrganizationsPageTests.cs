using Bunit;
using DeviceConsole.Components.Layout;
using DeviceConsole.Components.Pages;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Components;

public sealed class OrganizationsPageTests : ComponentTest
{
    [Fact, Trait("Rule", "A4")]
    public async Task Tree_ShowsTheActiveSubtree_WithDeviceAndMemberCounts()
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderWithProviders<Organizations>();

        cut.WaitForAssertion(() => Assert.Contains("Client A Warehouse", cut.Find("[data-testid=organization-tree]").TextContent));
        var items = cut.FindAll(".mud-treeview-item-content").Select(e => e.TextContent).ToList();
        Assert.Contains(items, t => t.Contains("Acme IoT") && t.Contains("10 devices · 2 members"));
        Assert.Contains(items, t => t.Contains("Client A") && t.Contains("14 devices · 2 members"));
        Assert.DoesNotContain(items, t => t.Contains("Globex"));
    }

    [Fact, Trait("Rule", "A4")]
    public async Task ForAUser_TheTreeShowsOwnDeviceCounts_AndNoMemberCounts()
    {
        await Harness.ActAsync("clienta.user@acme.example");
        var cut = RenderWithProviders<Organizations>();

        cut.WaitForAssertion(() => Assert.Contains("Client A Warehouse", cut.Find("[data-testid=organization-tree]").TextContent));
        Assert.DoesNotContain("members", cut.Find("[data-testid=organization-tree]").TextContent);
        Assert.Contains("4 devices", cut.Find("[data-testid=organization-tree]").TextContent);
    }

    [Fact, Trait("Rule", "A5")]
    public async Task SelectingANode_ShowsItsDetails_AndSwitchToMakesItActive()
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderWithProviders<Organizations>();
        cut.WaitForAssertion(() => Assert.Contains("Client B", cut.Find("[data-testid=organization-tree]").TextContent));

        await cut.FindAll(".mud-treeview-item-content").Single(e => e.TextContent.Contains("Client B")).ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Acme IoT / Client B", cut.Find("[data-testid=organization-details]").TextContent));

        await cut.Find("[data-testid=switch-to]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Client B", Services.GetRequiredService<ActiveOrganizationState>().Current!.Organization.Name));
    }
}
