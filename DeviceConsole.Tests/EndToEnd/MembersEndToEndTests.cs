using System.Text.RegularExpressions;
using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

[Collection("E2E"), Trait("Category", "E2E")]
public sealed partial class MembersEndToEndTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<int> OrganizationIdAsync(string name)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    private async Task OpenInviteDialogAsync(IPage page, string email, string organization)
    {
        await page.GotoAsync($"members?invite={Uri.EscapeDataString(email)}&organization={await OrganizationIdAsync(organization)}");
        await BrowserApp.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=invite-dialog]")).ToBeVisibleAsync();
    }

    private static async Task SelectRoleAsync(IPage page, string role)
    {
        await page.Locator("[data-testid=invite-dialog] .mud-select").Last.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^{role}$") }).ClickAsync();
    }

    private static async Task SwitchToAsync(IPage page, string organization)
    {
        await page.ClickAsync("[data-testid=organization-switcher] button");
        await page.Locator("[data-testid=switcher-tree] .mud-treeview-item-content").Filter(new() { HasText = organization }).First.ClickAsync();
    }

    [Fact, Trait("Rule", "M3"), Trait("Rule", "M5")]
    public async Task AnAdminInvitesAnExistingAccountOfAnotherTree_WhichAcceptsAndSwitchesToTheOrganization()
    {
        var admin = await app.SignInAsync("admin@acme.example");
        await OpenInviteDialogAsync(admin, "globex.admin@globex.example", "Client A");
        await Assertions.Expect(admin.Locator("input[data-testid=invite-email]")).ToHaveValueAsync("globex.admin@globex.example");
        await SelectRoleAsync(admin, "Staff");
        await admin.ClickAsync("[data-testid=invite-submit]");
        await Assertions.Expect(admin.Locator("[data-testid=invite-result]"))
            .ToContainTextAsync("Invitation sent to globex.admin@globex.example as Staff of Client A");
        await Assertions.Expect(admin.Locator("input[data-testid=invite-link]")).ToHaveValueAsync(LinkPattern());
        await admin.ClickAsync("[data-testid=invite-done]");
        await SwitchToAsync(admin, "Client A");
        await Assertions.Expect(admin.Locator("[data-testid=invitation-row]")).ToContainTextAsync("globex.admin@globex.example");

        var invitee = await app.SignInAsync("globex.admin@globex.example");
        await Assertions.Expect(invitee.Locator("[data-testid=invitation-badge]")).ToContainTextAsync("1");
        await invitee.GotoAsync("invitations");
        await BrowserApp.WaitForCircuitAsync(invitee);
        await Assertions.Expect(invitee.Locator("[data-testid=my-invitation]")).ToContainTextAsync("Client A");
        await invitee.ClickAsync("[data-testid=accept-invitation]");
        await Assertions.Expect(invitee.Locator("[data-testid=invitation-response]")).ToHaveTextAsync("You are now Staff of Client A.");

        await SwitchToAsync(invitee, "Client A");
        await Assertions.Expect(invitee.Locator("[data-testid=organization-switcher] button")).ToContainTextAsync("Acme IoT / Client A");
        await invitee.GotoAsync("devices");
        await Assertions.Expect(invitee.Locator("p.mud-table-pagination-caption[translate=no]")).ToContainTextAsync("of 26");
    }

    [Fact, Trait("Rule", "M2")]
    public async Task AnAdminInvitingItsOwnEmail_IsToldItAlreadyHasAdminAccessThroughTheAncestor()
    {
        var admin = await app.SignInAsync("admin@acme.example");
        await OpenInviteDialogAsync(admin, "admin@acme.example", "Client A");

        await Assertions.Expect(admin.Locator("[data-testid=invite-error]"))
            .ToHaveTextAsync("admin@acme.example already has Admin access to Client A through Acme IoT.");
        await admin.ClickAsync("[data-testid=invite-submit]");
        await Assertions.Expect(admin.Locator("[data-testid=invite-error]")).ToContainTextAsync("through Acme IoT");
        await Assertions.Expect(admin.Locator("[data-testid=invite-result]")).ToHaveCountAsync(0);
    }

    [Fact, Trait("Rule", "M3"), Trait("Rule", "M4")]
    public async Task ANewEmailRegistersFromTheLink_AndLandsInTheOrganization()
    {
        var admin = await app.SignInAsync("admin@acme.example");
        await OpenInviteDialogAsync(admin, "  Newcomer@Example.com ", "Client A");
        await admin.ClickAsync("[data-testid=invite-submit]");
        await Assertions.Expect(admin.Locator("[data-testid=invite-result]")).ToContainTextAsync("Invitation sent to Newcomer@Example.com as User of Client A");

        var eml = Directory.GetFiles(app.Factory.MailFolder, "*.eml").Select(File.ReadAllText).Single(m => m.Contains("To: Newcomer@Example.com"));
        var link = LinkPattern().Match(eml).Value;
        Assert.NotEmpty(link);

        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        context.SetDefaultTimeout(15_000);
        var visitor = await context.NewPageAsync();

        // Bad links first: wrong length and wrong alphabet find nothing.
        foreach (var bad in new[] { "invitations/abc", "invitations/" + new string('!', 43), "invitations/" + new string('A', 44) })
        {
            await visitor.GotoAsync(bad);
            await Assertions.Expect(visitor.Locator("[data-testid=invitation-not-found], [data-testid=not-found]")).ToBeVisibleAsync();
        }

        await visitor.GotoAsync(link);
        await BrowserApp.WaitForCircuitAsync(visitor);
        await Assertions.Expect(visitor.Locator("[data-testid=sign-in-to-accept]")).ToBeVisibleAsync();
        await visitor.ClickAsync("[data-testid=register-to-accept]");
        await visitor.WaitForURLAsync(url => url.Contains("Account/Register"));
        await Assertions.Expect(visitor.Locator("[data-testid=register-email]")).ToHaveValueAsync("Newcomer@Example.com");
        await Assertions.Expect(visitor.Locator("[data-testid=register-email]")).ToHaveAttributeAsync("readonly", "");
        await visitor.FillAsync("input[name='Input.Password']", "Newcomer-Pass-2026");
        await visitor.FillAsync("input[name='Input.ConfirmPassword']", "Newcomer-Pass-2026");
        await visitor.ClickAsync("[data-testid=register-submit]");
        await Assertions.Expect(visitor.Locator("[data-testid=check-your-email]")).ToBeVisibleAsync();

        await BrowserApp.SignInOnAsync(visitor, "newcomer@example.com", "Newcomer-Pass-2026");
        await Assertions.Expect(visitor.Locator("[data-testid=organization-switcher] button")).ToContainTextAsync("Acme IoT / Client A");

        // The link was single-use.
        await visitor.GotoAsync(link);
        await Assertions.Expect(visitor.Locator("[data-testid=invitation-problem]")).ToContainTextAsync("already accepted");
    }

    [GeneratedRegex(@"https?://[^\s/]+/invitations/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();
}
