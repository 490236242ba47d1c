using Bunit;
using DeviceConsole.Components.Dashboard;
using DeviceConsole.Components.Devices;
using DeviceConsole.Components.Layout;
using DeviceConsole.Components.Pages;
using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Components.Shell;

/// <summary>The colour scheme menu, breadcrumbs, empty and loading states, and texts a new user reads.</summary>
public sealed class ShellPolishTests : ComponentTest
{
    private async Task ActInAsync(string email, string organization)
    {
        await Harness.ActAsync(email);
        await Harness.Get<ActiveOrganizationService>().SetAsync(await Harness.OrganizationIdAsync(organization));
    }

    [Fact]
    public async Task TheColourSchemeMenu_StoresTheChoiceOnTheAccount_AndTellsTheLayout()
    {
        var adminId = await Harness.ActAsync("admin@acme.example");
        ColorScheme? told = null;
        var cut = RenderWithProviders<AppearanceMenu>(
            (nameof(AppearanceMenu.Scheme), ColorScheme.System),
            (nameof(AppearanceMenu.SchemeChanged), EventCallback.Factory.Create<ColorScheme>(this, s => told = s)));

        await cut.Find("[data-testid=appearance-menu] button").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=appearance-system]").GetAttribute("aria-checked")));
        await cut.Find("[data-testid=appearance-dark]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(ColorScheme.Dark, told));
        await using var db = Harness.NewDbContext();
        Assert.Equal(ColorScheme.Dark, await db.Users.Where(u => u.Id == adminId).Select(u => u.ColorScheme).SingleAsync());
    }

    [Fact]
    public async Task OrganizationPages_ShowWhereTheyAre_AsBreadcrumbs()
    {
        await ActInAsync("admin@acme.example", "Client A");
        var cut = RenderWithProviders<Devices>();

        cut.WaitForAssertion(() => Assert.Equal("Devices", cut.Find("[data-testid=breadcrumbs] [aria-current=page]").TextContent));
        var home = cut.Find("[data-testid=breadcrumbs] a");
        Assert.Equal("Acme IoT / Client A", home.TextContent);
        Assert.Equal("Breadcrumb", cut.Find("nav[data-testid=breadcrumbs]").GetAttribute("aria-label"));
    }

    [Fact, Trait("Rule", "S2")]
    public async Task AFreshRoot_SaysHowToAddTheFirstDevice_OnTheDashboardAndInTheGrid()
    {
        await Harness.CreateAccountAsync("founder@example.com");
        await Harness.ActAsync("founder@example.com");
        var root = (await Harness.Get<RegistrationService>().CreateRootOrganizationAsync("Founder Labs")).Organization;
        await Harness.Get<ActiveOrganizationService>().SetAsync(root.Id);

        var dashboard = RenderWithProviders<Dashboard>();
        dashboard.WaitForAssertion(() => Assert.Contains("choose New device to add the first one", dashboard.Find("[data-testid=dashboard-empty]").TextContent));

        // The dashboard's tree already holds the popover and dialog providers.
        var grid = Render<DeviceGrid>(p => p.Add(g => g.OrganizationId, root.Id).Add(g => g.CanManage, true));
        grid.WaitForAssertion(() => Assert.Contains("No devices here yet.", grid.Find("[data-testid=device-grid-empty]").TextContent));
    }

    [Fact]
    public void BeforeItsRowsArrive_TheGridSaysItIsLoading_NotThatNothingMatches()
    {
        var cut = Render<DeviceGridEmpty>(p => p.Add(e => e.Loaded, false).Add(e => e.CanManage, true));

        Assert.Equal("Loading devices…", cut.Find("[data-testid=device-grid-empty]").TextContent.Trim());
        Assert.Equal("status", cut.Find("[data-testid=device-grid-empty]").GetAttribute("role"));
    }

    [Fact, Trait("Rule", "M1")]
    public async Task ACraftedInviteLink_OpenedByStaff_OpensNoInviteDialog()
    {
        await ActInAsync("staff@acme.example", "Client A");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/members?invite=bob@example.com&organization={clientA}");

        var cut = RenderWithProviders<Members>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=direct-members]"));
        Assert.Empty(cut.FindAll("[data-testid=invite-dialog]"));
    }

    [Fact, Trait("Rule", "M5")]
    public async Task AUsedInvitationsPage_SaysItWasAccepted_WithoutItsValidity()
    {
        await Harness.ActAsync("admin@acme.example");
        var sent = await Harness.Get<InvitationService>().InviteAsync(await Harness.OrganizationIdAsync("Client A"), "globex.admin@globex.example", Role.Staff, "https://x/");
        var token = sent.Link[(sent.Link.LastIndexOf('/') + 1)..];
        await Harness.ActAsync("globex.admin@globex.example");
        await Harness.Get<InvitationResponseService>().AcceptAsync(token);

        var cut = RenderWithProviders<InvitationLink>((nameof(InvitationLink.Token), token));

        cut.WaitForAssertion(() => Assert.Contains("accepted", cut.Find("[data-testid=invitation-problem]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=invitation-valid-until]"));
        Assert.DoesNotContain("valid until", cut.Find("[data-testid=invitation]").TextContent);
    }
}
