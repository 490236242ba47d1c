using System.Text.RegularExpressions;
using DeviceConsole.Data;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

/// <summary>Tags, saved views, undo and export on the Devices page, as an admin uses them; one app for the four.</summary>
[Collection("E2E"), Trait("Category", "E2E")]
public sealed partial class FleetToolsEndToEndTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Caption = "p.mud-table-pagination-caption[translate=no]";
    private const string Search = "input[data-testid=device-search], [data-testid=device-search] input";

    private static async Task<IPage> DevicesAsync(IPage page)
    {
        await page.GotoAsync("devices");
        await BrowserApp.WaitForCircuitAsync(page);
        await page.Locator(Caption).Filter(new() { HasTextRegex = CaptionText() }).WaitForAsync();
        return page;
    }

    private static async Task SearchAsync(IPage page, string text, int matching)
    {
        await page.FillAsync(Search, text);
        // Act only on the filtered list: a search that lands later reloads the grid and clears the selection.
        await Assertions.Expect(page.Locator(Caption)).ToHaveTextAsync($"1-{Math.Min(matching, 25)} of {matching}");
    }

    private static ILocator Row(IPage page, string serial) =>
        page.Locator("[data-testid=device-grid] tbody tr").Filter(new() { HasText = serial });

    private static async Task SelectAsync(IPage page, IEnumerable<string> serials)
    {
        foreach (var serial in serials)
            await Row(page, serial).Locator("input[type=checkbox]").ClickAsync();
    }

    private static Task PickAsync(IPage page, string option) =>
        page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();

    [Fact, Trait("Rule", "G2"), Trait("Rule", "G3")]
    public async Task TaggingFiveDevices_ThenFilteringByTheTag_ListsExactlyThem()
    {
        var page = await DevicesAsync(await app.SignInAsync("admin@acme.example"));
        await SearchAsync(page, "CLA-SN-100", 9);
        string[] serials = ["CLA-SN-1001", "CLA-SN-1002", "CLA-SN-1003", "CLA-SN-1004", "CLA-SN-1005"];
        await SelectAsync(page, serials);
        await Assertions.Expect(page.Locator("[data-testid=selection-count]")).ToContainTextAsync("5 selected");

        await page.ClickAsync("[data-testid=bulk-tags]");
        await page.FillAsync("input[data-testid=tags-to-add], [data-testid=tags-to-add] input", "rooftop");
        await page.ClickAsync("[data-testid=preview-tags]");
        await Assertions.Expect(page.Locator("[data-testid=tag-preview]")).ToContainTextAsync("5 devices will change");
        await page.ClickAsync("[data-testid=apply-tags]");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("rooftop");

        await page.FillAsync(Search, "");
        await page.ClickAsync("[data-testid=tag-filter-open]");
        await page.FillAsync("input[data-testid=tag-filter], [data-testid=tag-filter] input", "roof");
        await PickAsync(page, "rooftop");
        await Assertions.Expect(page.Locator("[data-testid=tag-filter-chip]")).ToHaveTextAsync("rooftop");
        await Assertions.Expect(page.Locator(Caption)).ToHaveTextAsync("1-5 of 5");
        foreach (var serial in serials)
            await Assertions.Expect(Row(page, serial).Locator("[data-testid=tag-chip]")).ToHaveTextAsync("rooftop");
    }

    [Fact, Trait("Rule", "V1"), Trait("Rule", "V2")]
    public async Task AViewSharedWithTheOrganization_OpensForAnotherAccountOfIt_WithTheSameSettings()
    {
        var admin = await DevicesAsync(await app.SignInAsync("admin@acme.example"));
        await SearchAsync(admin, "CLW-CR", 12);
        await admin.Locator("button[data-testid=saved-views], [data-testid=saved-views] button").First.ClickAsync();
        await admin.ClickAsync("[data-testid=save-view]");
        await admin.FillAsync("input[data-testid=view-name], [data-testid=view-name] input", "Cold rooms");
        await admin.Locator("[data-testid=save-view-dialog] .mud-select").Last.ClickAsync();
        await PickAsync(admin, "Admins and Staff of Acme IoT");
        await admin.ClickAsync("[data-testid=confirm-save-view]");
        await Assertions.Expect(admin.Locator(".mud-snackbar")).ToContainTextAsync("View saved.");

        var staff = await DevicesAsync(await app.SignInAsync("staff@acme.example"));
        await staff.Locator("button[data-testid=saved-views], [data-testid=saved-views] button").First.ClickAsync();
        await staff.Locator("[data-testid=saved-view]").Filter(new() { HasText = "Cold rooms" }).ClickAsync();

        await Assertions.Expect(staff.Locator(Search)).ToHaveValueAsync("CLW-CR");
        await Assertions.Expect(staff.Locator(Caption)).ToHaveTextAsync("1-12 of 12");
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "D8")]
    public async Task UndoingABulkTransferOfFiveDevices_FromTheHistory_PutsThemBackWithTheirOwners()
    {
        string[] serials = ["CLB-MT-1001", "CLB-MT-1002", "CLB-MT-1003", "CLB-MT-1004", "CLB-MT-1005"];
        var owners = await OwnersAsync(serials);
        var page = await DevicesAsync(await app.SignInAsync("admin@acme.example"));
        await SearchAsync(page, "CLB-MT", 10);
        await SelectAsync(page, serials);
        await page.ClickAsync("[data-testid=bulk-transfer]");
        await page.Locator("[data-testid=transfer-destination]").GetByText("Client A", new() { Exact = true }).ClickAsync();
        const string owner = "input[data-testid=transfer-owner], [data-testid=transfer-owner] input";
        await page.FillAsync(owner, "staff@acme.example");
        await page.Locator(owner).PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=transfer-summary]")).ToContainTextAsync("5 of 5 devices move to Acme IoT / Client A, owned by staff@acme.example");
        await page.ClickAsync("[data-testid=confirm-transfer]");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("5 devices transferred to Client A");

        await Row(page, serials[0]).Locator("a").First.ClickAsync();
        await page.Locator(".mud-tab").Filter(new() { HasText = "History" }).ClickAsync();
        // Newest first: the transfer is the history's first entry; its details hold the undo.
        await page.Locator("[data-testid=audit-grid] tbody tr").First.Locator("button").First.ClickAsync();
        await page.ClickAsync("[data-testid=undo-transfer]");
        await Assertions.Expect(page.Locator("[data-testid=undo-summary]")).ToContainTextAsync("5 devices go back");
        await page.ClickAsync("[data-testid=confirm-undo]");
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("5 devices are back with their owners");
        // The history reloads at once: the undo's own entry is now its first row.
        await Assertions.Expect(page.Locator("[data-testid=audit-grid] tbody tr").First).ToContainTextAsync("Undid transfer #");

        await DevicesAsync(page);
        await SearchAsync(page, "CLB-MT", 10);
        foreach (var serial in serials)
        {
            await Assertions.Expect(Row(page, serial)).ToContainTextAsync(owners[serial]);
            await Assertions.Expect(Row(page, serial)).ToContainTextAsync("Client B");
        }
    }

    [Fact, Trait("Rule", "A6")]
    public async Task ExportingTheFilteredList_GivesAsManyRowsAsTheGridCounts()
    {
        var page = await DevicesAsync(await app.SignInAsync("admin@acme.example"));
        var unfiltered = await page.Locator(Caption).InnerTextAsync();
        await page.FillAsync(Search, "Client");
        await Assertions.Expect(page.Locator(Caption)).Not.ToHaveTextAsync(unfiltered);
        var total = int.Parse(CaptionText().Match(await page.Locator(Caption).InnerTextAsync()).Groups[1].Value);
        await Assertions.Expect(page.Locator("[data-testid=export-devices]")).ToHaveAttributeAsync("href", new Regex("search=Client"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-devices]"));
        var records = AuditTestData.ParseCsv(await File.ReadAllTextAsync(await download.PathAsync()));

        Assert.Equal(DeviceExport.Header, records[0]);
        // More than one page, so the file is the whole set and not the page shown.
        Assert.True(total > 25, $"the filter should span pages, found {total}");
        Assert.Equal(total, records.Count - 1);
        var firstName = await page.Locator("[data-testid=device-grid] tbody tr").First.Locator("td a").First.InnerTextAsync();
        Assert.Equal(firstName, records[1][0]);
    }

    private async Task<Dictionary<string, string>> OwnersAsync(string[] serials)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Devices.Where(d => serials.Contains(d.SerialNumber))
            .Join(db.Users, d => d.OwnerId, u => u.Id, (d, u) => new { d.SerialNumber, u.Email })
            .ToDictionaryAsync(x => x.SerialNumber, x => x.Email!);
    }

    [GeneratedRegex(@"\d+-\d+ of (\d+)")]
    private static partial Regex CaptionText();
}
