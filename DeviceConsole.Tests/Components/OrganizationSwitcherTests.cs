using Bunit;
using DeviceConsole.Components.Layout;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Components;

public sealed class OrganizationSwitcherTests : ComponentTest
{
    [Fact, Trait("Rule", "A5")]
    public async Task ShowsTheActiveOrganizationsPath_AndEveryOrganizationWithItsRole()
    {
        await Harness.ActAsync("clienta.admin@acme.example");
        var cut = RenderWithProviders<OrganizationSwitcher>();

        var button = cut.WaitForElement("[data-testid=organization-switcher] button");
        Assert.Contains("Acme IoT / Client A", button.TextContent);

        await button.ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Client A Warehouse", cut.Find("[data-testid=switcher-tree]").TextContent));
        var tree = cut.Find("[data-testid=switcher-tree]").TextContent;
        Assert.Contains("Acme IoT / Client A", tree);
        Assert.Contains("Admin", tree);
        Assert.DoesNotContain("Client B", tree);
        Assert.DoesNotContain("Globex", tree);
    }

    [Fact, Trait("Rule", "A5")]
    public async Task ChoosingAnOrganization_MakesItActive_AndStoresIt()
    {
        var adminId = await Harness.ActAsync("admin@acme.example");
        var cut = RenderWithProviders<OrganizationSwitcher>();
        await cut.WaitForElement("[data-testid=organization-switcher] button").ClickAsync(new());

        var item = cut.WaitForElement("[data-testid=switcher-tree]");
        await cut.FindAll(".mud-treeview-item-content").Single(e => e.TextContent.Contains("Client B")).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Acme IoT / Client B", cut.Find("[data-testid=organization-switcher] button").TextContent));
        await using var db = Harness.NewDbContext();
        var stored = await db.Users.Where(u => u.Id == adminId).Select(u => u.ActiveOrganizationId).SingleAsync();
        Assert.Equal(await Harness.OrganizationIdAsync("Client B"), stored);
        Assert.Equal("Client B", Services.GetRequiredService<ActiveOrganizationState>().Current!.Organization.Name);
    }
}
