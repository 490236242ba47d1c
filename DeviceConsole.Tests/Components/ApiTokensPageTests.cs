using Bunit;
using DeviceConsole.Components.Pages;
using DeviceConsole.Domain;
using DeviceConsole.Services.Tokens;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Components;

/// <summary>The API tokens page (T1, T4, T5): the secret shown once, the lists, revoking, and bad input in the dialog.</summary>
public sealed class ApiTokensPageTests : ComponentTest
{
    /// <summary>The page with its dialog open; the click's handler completes when the dialog closes.</summary>
    private (IRenderedComponent<ContainerFragment> Cut, Task Handler) OpenCreateDialog()
    {
        var cut = RenderWithProviders<ApiTokens>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=my-tokens]"));
        var handler = cut.Find("[data-testid=new-token]").ClickAsync(new());
        cut.WaitForAssertion(() => cut.Find("[data-testid=create-token-dialog]"));
        return (cut, handler);
    }

    private async Task<int> TokenCountAsync()
    {
        await using var db = Harness.NewDbContext();
        return await db.AccessTokens.CountAsync();
    }

    [Fact, Trait("Rule", "T1"), Trait("Rule", "T5")]
    public async Task Create_ShowsTheSecretOnce_ThenListsTheTokenByNameAndPrefixOnly()
    {
        await Harness.ActAsync("clienta.admin@acme.example");
        var (cut, handler) = OpenCreateDialog();

        await cut.Find("input[data-testid=token-name]").ChangeAsync(new() { Value = "nightly sync" });
        await cut.Find("[data-testid=confirm-create-token]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.StartsWith(AccessTokenSecrets.Prefix,
            cut.Find("input[data-testid=token-secret]").GetAttribute("value")));
        var secret = cut.Find("input[data-testid=token-secret]").GetAttribute("value")!;
        Assert.Contains("not shown again", cut.Find("[data-testid=create-token-dialog]").TextContent);

        await cut.Find("[data-testid=close-token-dialog]").ClickAsync(new());
        await handler;

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=create-token-dialog]")));
        cut.WaitForAssertion(() => Assert.Contains("nightly sync", cut.Find("[data-testid=my-tokens]").TextContent));
        var row = cut.Find("[data-testid=token-row]").TextContent;
        Assert.Contains(secret[..(AccessTokenSecrets.Prefix.Length + 6)], row);
        Assert.Contains("Acme IoT / Client A", row);
        Assert.Contains("Admin", row);
        Assert.Contains("never", row);
        Assert.Contains("Active", row);
        Assert.DoesNotContain(secret, cut.Markup);
    }

    [Theory, Trait("Rule", "T1")]
    [InlineData("", "90", "Give the token a name")]
    [InlineData("ci", "400", "A token expires in 1 to 365 days")]
    public async Task BadInput_IsShownInTheDialog_AndCreatesNothing(string name, string days, string message)
    {
        await Harness.ActAsync("clienta.admin@acme.example");
        var (cut, _) = OpenCreateDialog();

        await cut.Find("input[data-testid=token-name]").ChangeAsync(new() { Value = name });
        await cut.Find("input[data-testid=token-days]").ChangeAsync(new() { Value = days });
        await cut.Find("[data-testid=confirm-create-token]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Find("[data-testid=dialog-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=token-secret]"));
        Assert.Equal(0, await TokenCountAsync());
    }

    [Fact, Trait("Rule", "T1")]
    public async Task TheCeilingOffersNoRoleAboveTheAccountsRoleInTheChosenOrganization()
    {
        await Harness.ActAsync("staff@acme.example");
        var (cut, _) = OpenCreateDialog();

        await cut.FindAll(".mud-select .mud-input-control")[^1].MouseDownAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(["Staff", "User"], cut.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
    }

    [Fact, Trait("Rule", "T4")]
    public async Task Revoke_IsOneClick_TheRowShowsRevoked_AndTheTokenStopsWorking()
    {
        await Harness.ActAsync("clienta.admin@acme.example");
        var created = await Harness.Get<TokenCommands>().CreateAsync(
            new TokenCreateRequest(await Harness.OrganizationIdAsync("Client A"), "deploy", Role.Staff));
        var cut = RenderWithProviders<ApiTokens>();
        cut.WaitForAssertion(() => Assert.Contains("deploy", cut.Find("[data-testid=my-tokens]").TextContent));

        await cut.Find("[data-testid=revoke-token]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Revoked", cut.Find("[data-testid=token-state]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=revoke-token]"));
        Assert.Contains("The token deploy was revoked", cut.Markup);
        Assert.Null(await Harness.Get<TokenAuthenticator>().AuthenticateAsync(created.Secret));
    }

    [Fact, Trait("Rule", "T4")]
    public async Task AUser_SeesOnlyItsOwnTokens()
    {
        await Harness.ActAsync("clienta.admin@acme.example");
        await Harness.Get<TokenCommands>().CreateAsync(new TokenCreateRequest(await Harness.OrganizationIdAsync("Client A"), "admin script", Role.Admin));
        await Harness.ActAsync("clienta.user@acme.example");
        await Harness.Get<TokenCommands>().CreateAsync(new TokenCreateRequest(await Harness.OrganizationIdAsync("Client A"), "user script", Role.User));

        var cut = RenderWithProviders<ApiTokens>();

        cut.WaitForAssertion(() => Assert.Contains("user script", cut.Find("[data-testid=my-tokens]").TextContent));
        Assert.DoesNotContain("admin script", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=administered-tokens]"));
    }

    [Fact, Trait("Rule", "T4")]
    public async Task AnAdmin_SeesAndRevokesTokensOfOthersInItsOrganizations()
    {
        await Harness.ActAsync("clienta.user@acme.example");
        await Harness.Get<TokenCommands>().CreateAsync(new TokenCreateRequest(await Harness.OrganizationIdAsync("Client A"), "user script", Role.User));
        await Harness.ActAsync("clienta.admin@acme.example");

        var cut = RenderWithProviders<ApiTokens>();

        cut.WaitForAssertion(() => Assert.Contains("clienta.user@acme.example", cut.Find("[data-testid=administered-tokens]").TextContent));
        Assert.Contains("No tokens yet.", cut.Find("[data-testid=my-tokens]").TextContent);
        await cut.Find("[data-testid=administered-tokens] [data-testid=revoke-token]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Revoked",
            cut.Find("[data-testid=administered-tokens] [data-testid=token-state]").TextContent.Trim()));
    }
}
