using Bunit;
using DeviceConsole.Components.Layout;
using DeviceConsole.Components.Pages;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Components;

namespace DeviceConsole.Tests.Components;

public sealed class MembersPageTests : ComponentTest
{
    private async Task ActInAsync(string email, string organization)
    {
        await Harness.ActAsync(email);
        await Harness.Get<ActiveOrganizationService>().SetAsync(await Harness.OrganizationIdAsync(organization));
    }

    [Fact, Trait("Rule", "A4")]
    public async Task AnAdmin_SeesDirectAndInheritedMembersAndPendingInvitations_WithActions()
    {
        await ActInAsync("admin@acme.example", "Client A");
        await Harness.Get<InvitationService>().InviteAsync(await Harness.OrganizationIdAsync("Client A"), "pending@example.com", Domain.Role.Staff, "https://x/");

        var cut = RenderWithProviders<Members>();

        cut.WaitForAssertion(() => Assert.Contains("clienta.admin@acme.example", cut.Find("[data-testid=direct-members]").TextContent));
        Assert.Contains("clienta.user@acme.example", cut.Find("[data-testid=direct-members]").TextContent);
        var inherited = cut.Find("[data-testid=inherited-members]").TextContent;
        Assert.Contains("admin@acme.example (you)", inherited);
        Assert.Contains("Acme IoT", inherited);
        var invitation = cut.Find("[data-testid=invitation-row]").TextContent;
        Assert.Contains("pending@example.com", invitation);
        Assert.Contains("admin@acme.example", invitation);
        Assert.Contains("2026-11-08 12:00 UTC", invitation);
        Assert.NotEmpty(cut.FindAll("[data-testid=invite-button]"));
        Assert.Equal(2, cut.FindAll("[data-testid=change-role]").Count);
        Assert.NotEmpty(cut.FindAll("[data-testid=revoke-invitation]"));
    }

    [Fact, Trait("Rule", "A2")]
    public async Task Staff_SeeTheListsWithoutActions()
    {
        await ActInAsync("staff@acme.example", "Client A");
        var cut = RenderWithProviders<Members>();

        cut.WaitForAssertion(() => Assert.Contains("clienta.user@acme.example", cut.Find("[data-testid=direct-members]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=invite-button]"));
        Assert.Empty(cut.FindAll("[data-testid=change-role]"));
        Assert.Empty(cut.FindAll("[data-testid=remove-member]"));
    }

    [Fact, Trait("Rule", "A2")]
    public async Task AUser_IsRefusedThePage()
    {
        await ActInAsync("clienta.user@acme.example", "Client A");
        var cut = RenderWithProviders<Members>();

        cut.WaitForAssertion(() => Assert.Equal("Seeing members needs Staff in Client A.", cut.Find("[data-testid=members-error]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=direct-members]"));
    }

    [Fact, Trait("Rule", "M6")]
    public async Task ChangingARole_ThroughItsDialog_UpdatesTheList()
    {
        await ActInAsync("clienta.admin@acme.example", "Client A");
        var cut = RenderWithProviders<Members>();
        cut.WaitForAssertion(() => Assert.Contains("clienta.user@acme.example", cut.Find("[data-testid=direct-members]").TextContent));

        var row = cut.FindAll("[data-testid=member-row]").First(r => r.TextContent.Contains("clienta.user@acme.example"));
        // The page awaits the dialog's result, so the click completes only when the dialog closes.
        var clicked = row.QuerySelector("[data-testid=change-role]")!.ClickAsync(new());
        cut.WaitForAssertion(() => cut.Find("[data-testid=change-role-dialog]"));
        await cut.Find(".mud-select .mud-input-control").MouseDownAsync(new());
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "Staff"));
        await cut.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == "Staff").ClickAsync(new());
        await cut.Find("[data-testid=change-role-submit]").ClickAsync(new());
        await clicked;

        cut.WaitForAssertion(() => Assert.Contains("clienta.user@acme.example Staff",
            string.Join("|", cut.FindAll("[data-testid=member-row]").Select(r => string.Join(" ", r.QuerySelectorAll("td").Take(2).Select(td => td.TextContent.Trim()))))));
    }

    [Fact, Trait("Rule", "M6")]
    public async Task RemovingAMemberWhoOwnsDevices_ListsThemInTheDialog()
    {
        await ActInAsync("clienta.admin@acme.example", "Client A");
        var cut = RenderWithProviders<Members>();
        cut.WaitForAssertion(() => Assert.Contains("clienta.user@acme.example", cut.Find("[data-testid=direct-members]").TextContent));

        var row = cut.FindAll("[data-testid=member-row]").First(r => r.TextContent.Contains("clienta.user@acme.example"));
        _ = row.QuerySelector("[data-testid=remove-member]")!.ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("CLA-TR-1001", cut.Find("[data-testid=stranded-devices]").TextContent));

        await cut.Find("[data-testid=remove-member-submit]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Transfer them first, or name a new owner", cut.Find("[data-testid=remove-member-error]").TextContent));
    }

    [Fact, Trait("Rule", "S3")]
    public async Task AnAccountWithoutMemberships_IsSentToTheWelcomePage()
    {
        await Harness.CreateAccountAsync("lonely@example.com");
        await Harness.ActAsync("lonely@example.com");
        var navigation = Services.GetRequiredService<NavigationManager>();

        var members = RenderWithProviders<Members>();
        members.WaitForAssertion(() => Assert.EndsWith("/welcome", navigation.Uri));

        navigation.NavigateTo("/");
        var dashboard = Render<Dashboard>();
        dashboard.WaitForAssertion(() => Assert.EndsWith("/welcome", navigation.Uri));
    }

    [Fact, Trait("Rule", "S3")]
    public async Task TheWelcomePage_CreatesARootOrganization()
    {
        await Harness.CreateAccountAsync("lonely@example.com");
        await Harness.ActAsync("lonely@example.com");
        var cut = RenderWithProviders<Welcome>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=no-invitations]"));

        await cut.Find("input[data-testid=new-organization-name]").ChangeAsync(new() { Value = "Lonely Labs" });
        await cut.Find("[data-testid=create-organization]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Lonely Labs", Services.GetRequiredService<ActiveOrganizationState>().Current?.Organization.Name));
    }

    [Fact, Trait("Rule", "A5")]
    public async Task AcceptingAnInvitation_ShowsTheNewOrganizationInTheSwitcherAtOnce()
    {
        await Harness.ActAsync("admin@acme.example");
        await Harness.Get<InvitationService>().InviteAsync(await Harness.OrganizationIdAsync("Client A"), "globex.admin@globex.example", Domain.Role.Staff, "https://x/");
        await Harness.ActAsync("globex.admin@globex.example");
        var state = Services.GetRequiredService<ActiveOrganizationState>();
        await state.RefreshAsync(); // an earlier read, as the layout makes when a page opens
        var switcher = RenderWithProviders<OrganizationSwitcher>();
        var list = Render<DeviceConsole.Components.Members.MyInvitationList>();
        list.WaitForAssertion(() => list.Find("[data-testid=accept-invitation]"));

        await list.Find("[data-testid=accept-invitation]").ClickAsync(new());

        list.WaitForAssertion(() => Assert.Equal("You are now Staff of Client A.", list.Find("[data-testid=invitation-response]").TextContent.Trim()));
        await switcher.Find("[data-testid=organization-switcher] button").ClickAsync(new());
        switcher.WaitForAssertion(() => Assert.Contains("Acme IoT / Client A", switcher.Find("[data-testid=switcher-tree]").TextContent));
    }

    [Fact, Trait("Rule", "M4")]
    public async Task TheInviteQueryOpensTheDialogPrefilled()
    {
        await ActInAsync("admin@acme.example", "Acme IoT");
        var clientB = await Harness.OrganizationIdAsync("Client B");
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/members?invite=bob@example.com&organization={clientB}");

        var cut = RenderWithProviders<Members>();

        cut.WaitForAssertion(() => Assert.Equal("bob@example.com", cut.Find("input[data-testid=invite-email]").GetAttribute("value")));
        Assert.Contains("Acme IoT / Client B", cut.Find("[data-testid=invite-dialog]").TextContent);
    }
}
