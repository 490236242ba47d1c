using Bunit;
using DeviceConsole.Components.Layout;
using DeviceConsole.Components.Members;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Components.Shell;

/// <summary>The drawer's entries are plain links in MudNavLink's markup; who sees which is unchanged (A2).</summary>
public sealed class NavMenuTests : ComponentTest
{
    [Fact, Trait("Rule", "A2")]
    public async Task AStaffMember_SeesMembers_AUser_DoesNot()
    {
        await Harness.ActAsync("admin@acme.example");
        await Services.GetRequiredService<ActiveOrganizationState>().RefreshAsync();
        var admin = Render<MembersNavLink>();
        var link = admin.Find("[data-testid=nav-members] a.mud-nav-link");
        Assert.Equal("members", link.GetAttribute("href"));
        Assert.Equal("Members", link.TextContent.Trim());
        Assert.Equal("true", link.QuerySelector("svg")!.GetAttribute("aria-hidden"));

        await Harness.ActAsync("clienta.user@acme.example");
        await Services.GetRequiredService<ActiveOrganizationState>().RefreshAsync();
        admin.WaitForAssertion(() => Assert.Empty(admin.FindAll("[data-testid=nav-members]")));
    }

    [Fact]
    public void TheCurrentPagesEntry_IsMarkedActive_AndOnlyIt()
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("devices");
        var cut = Render(builder =>
        {
            builder.AddContent(0, NavItem.Of("", MudBlazor.Icons.Material.Filled.Dashboard, "Dashboard", Microsoft.AspNetCore.Components.Routing.NavLinkMatch.All));
            builder.AddContent(1, NavItem.Of("devices", MudBlazor.Icons.Material.Filled.Router, "Devices"));
        });

        var active = cut.FindAll("a.mud-nav-link.active");
        Assert.Equal("Devices", Assert.Single(active).TextContent.Trim());
        Assert.Equal(["Dashboard", "Devices"], cut.FindAll("div.mud-nav-item > a.mud-nav-link").Select(a => a.TextContent.Trim()));
    }
}
