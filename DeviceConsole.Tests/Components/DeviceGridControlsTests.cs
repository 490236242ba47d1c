using AngleSharp.Dom;
using Bunit;
using DeviceConsole.Components.Devices;
using DeviceConsole.Domain;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Components;

/// <summary>The device grid's native controls: pager, page size, status filter, search, the rows' shared actions menu and their markup.</summary>
public sealed class DeviceGridControlsTests : ComponentTest
{
    private const string Caption = "p.mud-table-pagination-caption[translate=no]";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private async Task<IRenderedComponent<ContainerFragment>> AcmeGridAsync()
    {
        await Harness.ActAsync("admin@acme.example");
        var acme = await Harness.OrganizationIdAsync("Acme IoT");
        var cut = RenderWithProviders<DeviceGrid>((nameof(DeviceGrid.OrganizationId), acme), (nameof(DeviceGrid.CanManage), true));
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 46", cut.Find(Caption).TextContent.Trim()), Patience);
        return cut;
    }

    [Fact, Trait("Rule", "A6")]
    public async Task ThePager_TurnsPages_AndTakesOnlyTheSizesItOffers()
    {
        var cut = await AcmeGridAsync();

        await cut.Find("select[data-testid=page-size]").ChangeAsync(new() { Value = "10" });
        cut.WaitForAssertion(() => Assert.Equal("1-10 of 46", cut.Find(Caption).TextContent.Trim()), Patience);
        Assert.True(cut.Find("button[aria-label='Previous page']").HasAttribute("disabled"));

        await cut.Find("button[aria-label='Next page']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("11-20 of 46", cut.Find(Caption).TextContent.Trim()), Patience);
        await cut.Find("button[aria-label='Last page']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("41-46 of 46", cut.Find(Caption).TextContent.Trim()), Patience);
        Assert.True(cut.Find("button[aria-label='Next page']").HasAttribute("disabled"));
        Assert.Equal(6, cut.FindAll("[data-testid=device-grid] tbody tr").Count);

        // A size the select does not offer (a hand-edited request) changes nothing.
        await cut.Find("select[data-testid=page-size]").ChangeAsync(new() { Value = "100000" });
        Assert.Equal("41-46 of 46", cut.Find(Caption).TextContent.Trim());

        await cut.Find("button[aria-label='First page']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("1-10 of 46", cut.Find(Caption).TextContent.Trim()), Patience);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task TheStatusFilter_AndTheSearch_NarrowTheList_AndClearing_WidensItAgain()
    {
        var cut = await AcmeGridAsync();

        await cut.Find("select[data-testid=status-filter]").ChangeAsync(new() { Value = nameof(DeviceStatus.Offline) });
        cut.WaitForAssertion(() => Assert.InRange(int.Parse(cut.Find(Caption).TextContent.Trim().Split(" of ")[1]), 1, 45), Patience);
        Assert.All(cut.FindAll("[data-testid=device-grid] tbody tr"), row => Assert.Contains("Offline", row.TextContent));

        // Not a status: the filter is off again.
        await cut.Find("select[data-testid=status-filter]").ChangeAsync(new() { Value = "Exploded" });
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 46", cut.Find(Caption).TextContent.Trim()), Patience);

        await cut.Find("input[data-testid=device-search]").InputAsync(new() { Value = "CLA-SN-1001" });
        cut.WaitForAssertion(() => Assert.Equal("1-1 of 1", cut.Find(Caption).TextContent.Trim()), Patience);
        Assert.Contains("CLA-SN-1001", cut.Find("[data-testid=device-grid] tbody").TextContent);

        await cut.Find("[data-testid=clear-search]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 46", cut.Find(Caption).TextContent.Trim()), Patience);
        Assert.Equal("", cut.Find("input[data-testid=device-search]").GetAttribute("value") ?? "");
        Assert.Empty(cut.FindAll("[data-testid=clear-search]"));
    }

    [Fact, Trait("Rule", "D9")]
    public async Task ARowsActionsButton_PointsTheSharedMenu_AtThatDevice()
    {
        var cut = await AcmeGridAsync();
        var row = cut.FindAll("[data-testid=device-grid] tbody tr")[2];
        var name = row.QuerySelector("td a")!.TextContent;
        var toggle = row.QuerySelector("button.device-actions-toggle")!;
        Assert.Equal($"Actions for {name}", toggle.GetAttribute("aria-label"));
        Assert.Equal("device-actions-menu", toggle.GetAttribute("popovertarget"));

        await toggle.ClickAsync(new());
        Assert.Equal($"Actions for {name}", cut.Find("[data-testid=device-actions-menu]").GetAttribute("aria-label"));
        // The dialog stays open: the click's handler ends only when it closes, so it is not awaited.
        cut.Find("[data-testid=device-actions-menu] [data-testid=edit-device]").Click();

        cut.WaitForAssertion(() => Assert.Equal(name, cut.Find("[data-testid=device-name-input] input, input[data-testid=device-name-input]").GetAttribute("value")), Patience);
        // One menu for the page, whatever its rows.
        Assert.Single(cut.FindAll("[data-testid=device-actions-menu]"));
    }

    [Fact, Trait("Rule", "D8")]
    public async Task AfterAPageChange_ARowsCheckboxAndActions_ActOnTheDeviceThatRowNowShows()
    {
        var cut = await AcmeGridAsync();
        var firstPageName = cut.Find("[data-testid=device-grid] tbody tr td a").TextContent;
        await cut.Find("button[aria-label='Next page']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("26-46 of 46", cut.Find(Caption).TextContent.Trim()), Patience);
        IElement FirstRow() => cut.FindAll("[data-testid=device-grid] tbody tr")[0];
        var name = FirstRow().QuerySelector("td a")!.TextContent;
        Assert.NotEqual(firstPageName, name);

        // The row's handlers belong to its position: on this page they act on this page's device.
        await FirstRow().QuerySelector("input[type=checkbox]")!.ChangeAsync(new() { Value = true });
        Assert.Equal("1 selected", cut.Find("[data-testid=selection-count]").TextContent.Trim());
        Assert.Equal($"Select {name}", FirstRow().QuerySelector("input[type=checkbox]")!.GetAttribute("aria-label"));
        await FirstRow().QuerySelector("button.device-actions-toggle")!.ClickAsync(new());
        Assert.Equal($"Actions for {name}", cut.Find("[data-testid=device-actions-menu]").GetAttribute("aria-label"));

        // The selection is that device's: not the first page's device in the same position, and kept on the way back.
        await cut.Find("button[aria-label='First page']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(firstPageName, FirstRow().QuerySelector("td a")!.TextContent), Patience);
        Assert.False(FirstRow().QuerySelector("input[type=checkbox]")!.HasAttribute("checked"));
        await cut.Find("button[aria-label='Next page']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(name, FirstRow().QuerySelector("td a")!.TextContent), Patience);
        Assert.True(FirstRow().QuerySelector("input[type=checkbox]")!.HasAttribute("checked"));
    }

    [Fact, Trait("Rule", "A2")]
    public async Task AUser_GetsNoActionsMenu_AndNoSelection()
    {
        await Harness.ActAsync("clienta.user@acme.example");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        var cut = RenderWithProviders<DeviceGrid>((nameof(DeviceGrid.OrganizationId), clientA));
        cut.WaitForAssertion(() => Assert.Equal("1-8 of 8", cut.Find(Caption).TextContent.Trim()), Patience);

        Assert.Empty(cut.FindAll("[data-testid=device-actions-menu]"));
        Assert.Empty(cut.FindAll("button.device-actions-toggle"));
        Assert.Empty(cut.FindAll("[data-testid=device-grid] tbody input[type=checkbox]"));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task ADevicesName_IsShownAsText_NeverAsMarkup()
    {
        await using (var db = Harness.NewDbContext())
        {
            var id = await db.Devices.OrderBy(d => d.Name).Select(d => d.Id).FirstAsync();
            await db.Devices.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, "<b>Bold</b> & \"quoted\""));
        }
        var cut = await AcmeGridAsync();

        var link = cut.FindAll("[data-testid=device-grid] tbody td a").Single(a => a.TextContent.Contains("Bold"));
        Assert.Equal("<b>Bold</b> & \"quoted\"", link.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=device-grid] tbody b"));
    }
}
