using Bunit;
using DeviceConsole.Components.Members;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace DeviceConsole.Tests.Components;

public sealed class InviteDialogTests : ComponentTest
{
    private async Task<IRenderedComponent<ContainerFragment>> OpenAsync(string? email, string? organization)
    {
        int? organizationId = organization is null ? null : await Harness.OrganizationIdAsync(organization);
        var cut = RenderWithProviders<ContainerFragment>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await cut.InvokeAsync(() => dialogs.ShowAsync<InviteDialog>("Invite", new DialogParameters<InviteDialog>
        {
            { d => d.Email, email },
            { d => d.OrganizationId, organizationId },
        }));
        cut.WaitForAssertion(() => cut.Find("[data-testid=invite-dialog]"));
        return cut;
    }

    private async Task SelectRoleAsync(IRenderedComponent<ContainerFragment> cut, string role)
    {
        var selects = cut.FindAll(".mud-select .mud-input-control");
        await selects[^1].MouseDownAsync(new());
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".mud-list-item"), i => i.TextContent.Trim() == role));
        await cut.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == role).ClickAsync(new());
    }

    [Fact, Trait("Rule", "M1")]
    public async Task OffersOnlyOrganizationsTheActorAdministers_DefaultingToTheGivenOne()
    {
        await Harness.ActAsync("clienta.admin@acme.example");
        var cut = await OpenAsync(null, "Client A Warehouse");

        Assert.Contains("Acme IoT / Client A / Client A Warehouse", cut.Find("[data-testid=invite-dialog]").TextContent);
        await cut.FindAll(".mud-select .mud-input-control")[0].MouseDownAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(
            ["Acme IoT / Client A", "Acme IoT / Client A / Client A Warehouse"],
            cut.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
    }

    [Fact, Trait("Rule", "M2")]
    public async Task OwnEmail_IsRefusedNamingTheAncestorBeforeSending()
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = await OpenAsync("admin@acme.example", "Client A");

        cut.WaitForAssertion(() => Assert.Equal("admin@acme.example already has Admin access to Client A through Acme IoT.",
            cut.Find("[data-testid=invite-error]").TextContent.Trim()));
        await cut.Find("[data-testid=invite-submit]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("through Acme IoT", cut.Find("[data-testid=invite-error]").TextContent));
        await using var db = Harness.NewDbContext();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }

    [Fact, Trait("Rule", "M2")]
    public async Task ALowerInheritedRole_ShowsWhatTheInvitationChanges_ThenSendsIt_AndOffersTheLink()
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = await OpenAsync("clienta.user@acme.example", "Client A Warehouse");
        await SelectRoleAsync(cut, "Staff");

        cut.WaitForAssertion(() => Assert.Equal(
            "clienta.user@acme.example has User access through Client A; accepting gives Staff in Client A Warehouse and its sub-organizations.",
            cut.Find("[data-testid=invite-note]").TextContent.Trim()));
        await cut.Find("[data-testid=invite-submit]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.StartsWith("Invitation sent to clienta.user@acme.example as Staff of Client A Warehouse",
            cut.Find("[data-testid=invite-result]").TextContent.Trim()));
        Assert.Matches(@"/invitations/[A-Za-z0-9_-]{43}$", cut.Find("input[data-testid=invite-link]").GetAttribute("value"));
        Assert.NotEmpty(cut.FindAll("[data-testid=copy-link]"));
    }

    [Theory, Trait("Rule", "M3")]
    [InlineData("not-an-email")]
    [InlineData("bob@example")]
    public async Task MalformedEmails_AreShownAsInvalid_AndNothingIsSent(string email)
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = await OpenAsync(email, "Client A");

        await cut.Find("[data-testid=invite-submit]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains($"\"{email}\" is not a valid email address.", cut.Find("[data-testid=invite-dialog]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=invite-result]"));
        await using var db = Harness.NewDbContext();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }

    [Fact, Trait("Rule", "M3")]
    public async Task SurroundingSpacesAndCase_AreNormalized()
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = await OpenAsync("  Bob@Example.COM ", "Client A");

        await cut.Find("[data-testid=invite-submit]").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("[data-testid=invite-result]"));
        await using var db = Harness.NewDbContext();
        var invitation = await db.Invitations.SingleAsync();
        Assert.Equal(("Bob@Example.COM", "BOB@EXAMPLE.COM"), (invitation.Email, invitation.NormalizedEmail));
    }
}
