using DeviceConsole.Tests.Support;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

[Collection("E2E"), Trait("Category", "E2E")]
public sealed class ShellEndToEndTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task WaitForGridAsync(IPage page) =>
        await page.Locator("p.mud-table-pagination-caption[translate=no]").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"\d+-\d+ of \d+") }).WaitForAsync();

    private static async Task SwitchToAsync(IPage page, string organization)
    {
        await page.ClickAsync("[data-testid=organization-switcher] button");
        await page.Locator("[data-testid=switcher-tree] .mud-treeview-item-content").Filter(new() { HasText = organization }).First.ClickAsync();
    }

    [Fact, Trait("Rule", "A6")]
    public async Task RootAdmin_SeesClientDevicesWithTheirPath_SwitchesAndFindsTheLastOrganizationAfterSigningInAgain()
    {
        var page = await app.SignInAsync("admin@acme.example");
        await Assertions.Expect(page.Locator("[data-testid=organization-switcher] button")).ToContainTextAsync("Acme IoT");

        await page.GotoAsync("devices");
        await WaitForGridAsync(page);
        await page.FillAsync("input[data-testid=device-search], [data-testid=device-search] input", "CLA-SN-1001");
        var row = page.Locator("[data-testid=device-grid] tbody tr").Filter(new() { HasText = "CLA-SN-1001" });
        await Assertions.Expect(row).ToContainTextAsync("Acme IoT / Client A");

        await SwitchToAsync(page, "Client A Warehouse");
        await Assertions.Expect(page.Locator("[data-testid=organization-switcher] button")).ToContainTextAsync("Acme IoT / Client A / Client A Warehouse");
        await SwitchToAsync(page, "Acme IoT");
        await Assertions.Expect(page.Locator("[data-testid=organization-switcher] button")).ToHaveTextAsync("Acme IoT");
        await SwitchToAsync(page, "Client A");
        await Assertions.Expect(page.Locator("[data-testid=organization-switcher] button")).ToContainTextAsync("Acme IoT / Client A");

        // Sign out, sign in again: the console opens on Client A.
        await page.ClickAsync("[data-testid=account-menu] button");
        await page.ClickAsync("text=Sign out");
        await page.WaitForURLAsync(url => url.Contains("Account/Login"));
        await BrowserApp.SignInOnAsync(page, "admin@acme.example");
        await Assertions.Expect(page.Locator("[data-testid=organization-switcher] button")).ToContainTextAsync("Acme IoT / Client A");
        await Assertions.Expect(page.Locator("[data-testid=organization-switcher] button")).Not.ToContainTextAsync("Warehouse");
    }

    [Fact, Trait("Rule", "A4")]
    public async Task ForeignMalformedAndMissingDeviceIds_ShowTheSameNotFoundPage()
    {
        var page = await app.SignInAsync("globex.admin@globex.example");
        foreach (var path in new[] { "devices/1", "devices/abc", "devices/999999" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
        }
    }
}
