using System.Text.RegularExpressions;
using DeviceConsole.Tests.Support;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

[Collection("E2E"), Trait("Category", "E2E")]
public sealed class DeviceTransferEndToEndTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Owner = "input[data-testid=transfer-owner], [data-testid=transfer-owner] input";

    private static async Task<IPage> DevicesAsync(BrowserApp app, string search, int matching = 1)
    {
        var page = await app.SignInAsync("admin@acme.example");
        await page.GotoAsync("devices");
        await BrowserApp.WaitForCircuitAsync(page);
        await page.Locator("p.mud-table-pagination-caption[translate=no]").Filter(new() { HasTextRegex = new Regex(@"\d+-\d+ of \d+") }).WaitForAsync();
        await page.FillAsync("input[data-testid=device-search], [data-testid=device-search] input", search);
        // Act only on the filtered list: a search that lands later reloads the grid and clears the selection.
        await Assertions.Expect(page.Locator("p.mud-table-pagination-caption[translate=no]")).ToHaveTextAsync($"1-{matching} of {matching}");
        return page;
    }

    private static ILocator Row(IPage page, string serial) =>
        page.Locator("[data-testid=device-grid] tbody tr").Filter(new() { HasText = serial });

    private static async Task OpenTransferAsync(IPage page, string serial)
    {
        // A row's actions share one menu: the row's button opens it for that device.
        await Row(page, serial).Locator("button.device-actions-toggle").ClickAsync();
        await page.Locator("[data-testid=device-actions-menu] [data-testid=transfer-device]").ClickAsync();
        await page.Locator("[data-testid=transfer-destination]").WaitForAsync();
    }

    private static Task ChooseDestinationAsync(IPage page, string organization) =>
        page.Locator("[data-testid=transfer-destination]").GetByText(organization, new() { Exact = true }).ClickAsync();

    private static async Task TypeOwnerAsync(IPage page, string email)
    {
        await page.FillAsync(Owner, email);
        await page.Locator(Owner).PressAsync("Tab");
    }

    [Fact, Trait("Rule", "D3"), Trait("Rule", "D7")]
    public async Task Admin_TransfersAClientADevice_ToAClientUser()
    {
        var page = await DevicesAsync(app, "CLA-SN-1010");
        await OpenTransferAsync(page, "CLA-SN-1010");

        await ChooseDestinationAsync(page, "Client A");
        await TypeOwnerAsync(page, "clienta.user@acme.example");
        await Assertions.Expect(page.Locator("[data-testid=transfer-summary]")).ToContainTextAsync("clienta.user@acme.example");
        await Assertions.Expect(page.Locator("[data-testid=confirm-transfer]")).ToBeEnabledAsync();
        await page.ClickAsync("[data-testid=confirm-transfer]");

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("now belongs to clienta.user@acme.example in Client A");
        await Assertions.Expect(Row(page, "CLA-SN-1010")).ToContainTextAsync("clienta.user@acme.example");
    }

    [Fact, Trait("Rule", "D4")]
    public async Task Admin_TransferringToAnAccountOfAnotherTree_IsRefused_WithTheInviteHint()
    {
        var page = await DevicesAsync(app, "CLA-SN-1009");
        await OpenTransferAsync(page, "CLA-SN-1009");

        await ChooseDestinationAsync(page, "Client A");
        await TypeOwnerAsync(page, "globex.admin@globex.example");

        await Assertions.Expect(page.Locator("[data-testid=transfer-refusal]")).ToContainTextAsync(
            "globex.admin@globex.example has no access to Client A or an organization above it. Invite globex.admin@globex.example to Client A first.");
        await Assertions.Expect(page.Locator("[data-testid=invite-owner]")).ToContainTextAsync("Invite globex.admin@globex.example to Client A");
        await Assertions.Expect(page.Locator("[data-testid=confirm-transfer]")).ToBeDisabledAsync();

        await page.ClickAsync("[data-testid=invite-owner]");
        await page.WaitForURLAsync(url => url.Contains("members?invite=globex.admin%40globex.example&organization="));
    }

    [Fact, Trait("Rule", "D5")]
    public async Task TransferringToTheCurrentOwner_SaysNothingChanges()
    {
        var page = await DevicesAsync(app, "CLA-TR-1001");
        await OpenTransferAsync(page, "CLA-TR-1001");

        await ChooseDestinationAsync(page, "Client A");
        await TypeOwnerAsync(page, "clienta.user@acme.example");

        await Assertions.Expect(page.Locator("[data-testid=transfer-noop]")).ToHaveTextAsync(
            "clienta.user@acme.example already owns Client A Tracker 01 in Client A. Nothing to transfer.");
        await Assertions.Expect(page.Locator("[data-testid=confirm-transfer]")).ToBeDisabledAsync();
    }

    [Fact, Trait("Rule", "D8"), Trait("Rule", "D7")]
    public async Task BulkMovingFiveClientADevicesToAcmeIoT_ShowsThatClientAMembersLoseAccess()
    {
        var page = await DevicesAsync(app, "CLA-SN-100", matching: 9);
        foreach (var serial in new[] { "CLA-SN-1001", "CLA-SN-1002", "CLA-SN-1003", "CLA-SN-1004", "CLA-SN-1005" })
            await Row(page, serial).Locator("input[type=checkbox]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=selection-count]")).ToContainTextAsync("5 selected");

        await page.ClickAsync("[data-testid=bulk-transfer]");
        await ChooseDestinationAsync(page, "Acme IoT");
        // Client A's Admin owns some of them and has no role in Acme IoT: the dialog proposes the actor (D6).
        await Assertions.Expect(page.Locator("[data-testid=transfer-failures]")).ToContainTextAsync("name a new owner");
        await page.ClickAsync("[data-testid=propose-owner]");

        var changes = page.Locator("[data-testid=access-changes]");
        await Assertions.Expect(changes).ToContainTextAsync("clienta.admin@acme.example");
        await Assertions.Expect(changes).ToContainTextAsync("loses access to 5 devices");
        await Assertions.Expect(page.Locator("[data-testid=transfer-summary]")).ToContainTextAsync("5 of 5 devices move to Acme IoT");
        await page.ClickAsync("[data-testid=confirm-transfer]");

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("5 devices transferred to Acme IoT");
    }
}
