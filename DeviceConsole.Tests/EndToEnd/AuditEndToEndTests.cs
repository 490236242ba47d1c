using DeviceConsole.Services.Audit;
using DeviceConsole.Tests.Support;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

[Collection("E2E"), Trait("Category", "E2E")]
public sealed class AuditEndToEndTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Caption = "p.mud-table-pagination-caption[translate=no]";

    [Fact, Trait("Rule", "L3")]
    public async Task Admin_FiltersTheAuditLogByOneDevice_AndDownloadsItsCsv()
    {
        var page = await app.SignInAsync("admin@acme.example");
        await page.ClickAsync("nav >> text=Audit log");
        await page.WaitForURLAsync(url => url.EndsWith("/audit"));
        await BrowserApp.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator(Caption)).ToHaveTextAsync("1-25 of 55");

        await page.FillAsync("input[data-testid=audit-device]", "CLA-SN-1001");
        await page.PressAsync("input[data-testid=audit-device]", "Tab");
        await Assertions.Expect(page.Locator(Caption)).ToHaveTextAsync("1-1 of 1");
        await Assertions.Expect(page.Locator("[data-testid=audit-grid] tbody")).ToContainTextAsync("Registered Client A Sensor 01 in Client A");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=audit-export]"));
        var csv = await File.ReadAllTextAsync(await download.PathAsync());

        var records = AuditTestData.ParseCsv(csv);
        Assert.Equal(AuditCsv.Header, records[0]);
        var row = Assert.Single(records.Skip(1));
        Assert.Equal(("system", "device.created", "Device", "Client A Sensor 01", "Client A"), (row[1], row[2], row[3], row[5], row[6]));
        Assert.Equal("Registered Client A Sensor 01 in Client A (demo data)", row[7]);
    }
}
