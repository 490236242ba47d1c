using Bunit;
using DeviceConsole.Components.Layout;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Components.Web;

namespace DeviceConsole.Tests.Components.Shell;

public sealed class OrganizationSearchTests : ComponentTest
{
    private async Task<IRenderedComponent<DeviceConsole.Tests.Support.ContainerFragment>> OpenSwitcherAsync(string email)
    {
        await Harness.ActAsync(email);
        var cut = RenderWithProviders<OrganizationSwitcher>();
        await cut.WaitForElement("[data-testid=organization-switcher] button").ClickAsync(new());
        cut.WaitForAssertion(() => cut.Find("[data-testid=switcher-tree]"));
        return cut;
    }

    [Fact, Trait("Rule", "A5")]
    public async Task Typing_FiltersByEveryWordOfThePath_AndShowsOnlyOrganizationsInView()
    {
        var cut = await OpenSwitcherAsync("admin@acme.example");

        await cut.Find("input[data-testid=switcher-search], [data-testid=switcher-search] input").InputAsync(new() { Value = "client ware" });

        var result = Assert.Single(cut.FindAll("[data-testid=switcher-result]"));
        Assert.Contains("Acme IoT / Client A / Client A Warehouse", result.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=switcher-tree]"));

        await cut.Find("input[data-testid=switcher-search], [data-testid=switcher-search] input").InputAsync(new() { Value = "globex" });
        Assert.Contains("No organization matches", cut.Find("[data-testid=switcher-results]").TextContent);
    }

    [Fact, Trait("Rule", "A5")]
    public async Task ArrowKeysMoveTheHighlight_EnterSwitches_EscapeBringsTheTreeBack()
    {
        var cut = await OpenSwitcherAsync("admin@acme.example");
        var input = cut.Find("input[data-testid=switcher-search], [data-testid=switcher-search] input");
        await input.InputAsync(new() { Value = "client" });
        Assert.Equal(3, cut.FindAll("[data-testid=switcher-result]").Count);
        Assert.Equal("true", cut.FindAll("[data-testid=switcher-result]")[0].GetAttribute("aria-selected"));

        await cut.Find("input[data-testid=switcher-search], [data-testid=switcher-search] input").KeyDownAsync(new KeyboardEventArgs { Key = "ArrowDown" });
        var highlighted = cut.FindAll("[data-testid=switcher-result]").Single(r => r.GetAttribute("aria-selected") == "true");
        var expected = highlighted.QuerySelector("span")!.TextContent;
        Assert.Equal(cut.FindAll("[data-testid=switcher-result]")[1].TextContent, highlighted.TextContent);

        await cut.Find("input[data-testid=switcher-search], [data-testid=switcher-search] input").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        var state = Services.GetRequiredService<ActiveOrganizationState>();
        cut.WaitForAssertion(() => Assert.Equal(expected, state.Current?.Organization.PathLabel));

        await cut.Find("[data-testid=organization-switcher] button").ClickAsync(new());
        await cut.WaitForElement("input[data-testid=switcher-search], [data-testid=switcher-search] input").InputAsync(new() { Value = "client" });
        await cut.Find("input[data-testid=switcher-search], [data-testid=switcher-search] input").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" });
        cut.WaitForAssertion(() => cut.Find("[data-testid=switcher-tree]"));
    }
}
