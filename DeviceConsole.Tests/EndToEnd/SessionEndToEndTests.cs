using DeviceConsole.Tests.Support;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

/// <summary>S5, S4 in a real browser: an ended session loses its open circuits at their next click.</summary>
[Collection("E2E"), Trait("Category", "E2E")]
public sealed class SessionEndToEndTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task OpenDevicesAsync(IPage page)
    {
        await page.GotoAsync("devices");
        await BrowserApp.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=device-grid] tbody tr").First.WaitForAsync();
    }

    [Fact, Trait("Rule", "S5")]
    public async Task SigningOutInOneTab_SendsTheOtherTabToSignIn_AtItsNextClick()
    {
        var first = await app.SignInAsync("clienta.admin@acme.example");
        var second = await first.Context.NewPageAsync();
        await OpenDevicesAsync(second);

        await first.ClickAsync("[data-testid=account-menu] button");
        await first.ClickAsync("text=Sign out");
        await first.WaitForURLAsync(url => url.Contains("Account/Login"));

        await second.ClickAsync("[data-testid=organization-switcher] button");
        await second.WaitForURLAsync(url => url.Contains("Account/Login"));
    }

    [Fact, Trait("Rule", "S4")]
    public async Task ASuspendedAccountsOpenCircuit_LosesAccess()
    {
        var user = await app.SignInAsync("clienta.user@acme.example");
        await OpenDevicesAsync(user);

        var admin = await app.SignInAsync("clienta.admin@acme.example");
        await admin.GotoAsync("members");
        await BrowserApp.WaitForCircuitAsync(admin);
        var row = admin.Locator("[data-testid=member-row]").Filter(new() { HasText = "clienta.user@acme.example" });
        await row.Locator("[data-testid=suspend-member]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=suspended]")).ToBeVisibleAsync();

        await user.ClickAsync("[data-testid=organization-switcher] button");
        await user.WaitForURLAsync(url => url.Contains("Account/Login"));
        // And it cannot sign in again: the same answer as any failed sign-in.
        await user.FillAsync("input[name='Input.Email']", "clienta.user@acme.example");
        await user.FillAsync("input[name='Input.Password']", ServiceHarness.DemoPassword);
        await user.ClickAsync("button[type=submit]");
        await Assertions.Expect(user.Locator("text=Invalid login attempt")).ToBeVisibleAsync();
    }
}
