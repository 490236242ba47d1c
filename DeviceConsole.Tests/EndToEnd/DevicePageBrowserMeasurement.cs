using System.Globalization;
using System.Text.RegularExpressions;
using DeviceConsole.Tests.Support;
using Microsoft.Playwright;

namespace DeviceConsole.Tests.EndToEnd;

/// <summary>
/// The Devices page in headless Chromium as the root Admin: live managed heap per open circuit
/// (after a full GC, with 25 and 50 circuits) and the next-page click timed inside the page (click
/// to updated grid) with 1, 25 and 50 circuits open. Prints the figures the README quotes and
/// asserts nothing about time or memory. On demand only:
/// <c>dotnet test --project DeviceConsole.Tests --filter-class "*DevicePageBrowserMeasurement" --explicit only</c>;
/// with <c>FLEET_DATABASE=path/to/fleet.db</c> (from seed-large) it runs on a copy of that fleet, 50 rows a page.
/// </summary>
[Collection("E2E")]
public sealed class DevicePageBrowserMeasurement(ITestOutputHelper output)
{
    private const int Clicks = 15;

    // 50 rows on a fleet, the goal's page; the demo fleet's 46 devices fit one such page, so it pages by 25 (MEASURE_ROWS overrides).
    private static readonly int Rows = int.Parse(Environment.GetEnvironmentVariable("MEASURE_ROWS")
        ?? (Environment.GetEnvironmentVariable("FLEET_DATABASE") is null ? "25" : "50"), CultureInfo.InvariantCulture);

    // Clicks "next page" (on the last page: "first page") and resolves when the grid's first row shows another device.
    private const string TimedNextPage = """
        () => new Promise(resolve => {
            const grid = document.querySelector('[data-testid=device-grid]');
            const first = () => grid.querySelector('tbody tr')?.textContent;
            const before = first();
            const start = performance.now();
            const observer = new MutationObserver(() => {
                if (first() !== before) { observer.disconnect(); resolve(performance.now() - start); }
            });
            observer.observe(grid, { subtree: true, childList: true, characterData: true });
            const next = grid.querySelector('button[aria-label="Next page"]');
            (next.disabled ? grid.querySelector('button[aria-label="First page"]') : next).click();
        })
        """;

    [Fact(Explicit = true), Trait("Category", "E2E")]
    public async Task HeapPerCircuit_AndNextPageClick()
    {
        var fleet = Environment.GetEnvironmentVariable("FLEET_DATABASE");
        var folder = Path.Combine(Path.GetTempPath(), "dc-measure-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (fleet is not null)
            File.Copy(fleet, Path.Combine(folder, "console.db"));
        var email = fleet is null ? "admin@acme.example" : "root.admin@northwind.example";
        try
        {
            await using var factory = new ConsoleFactory(folder: folder);
            var app = BrowserApp.Over(factory);
            await app.InitializeAsync();
            try
            {
                await MeasureAsync(app, email, fleet is null ? "demo fleet" : Path.GetFileName(fleet));
            }
            finally
            {
                await app.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task MeasureAsync(BrowserApp app, string email, string data)
    {
        var measured = await app.SignInAsync(email);
        await OpenDevicesAsync(measured);
        var oneCircuit = await ClickMedianAsync(measured);
        var baseline = LiveHeap();

        var others = new List<IPage>();
        await OpenMoreAsync(measured.Context, others, 24);
        var heap25 = (LiveHeap() - baseline) / 24.0;
        var clicks25 = await ClickMedianAsync(measured);

        await OpenMoreAsync(measured.Context, others, 25);
        var heap50 = (LiveHeap() - baseline) / 49.0;
        var clicks50 = await ClickMedianAsync(measured);

        var rows = await measured.Locator("[data-testid=device-grid] tbody tr").CountAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {data} ({rows} rows) | {heap25 / 1024 / 1024:0.00} / {heap50 / 1024 / 1024:0.00} MiB | {oneCircuit:0} / {clicks25:0} / {clicks50:0} ms |"));
    }

    private static async Task OpenDevicesAsync(IPage page)
    {
        await page.GotoAsync("devices");
        await BrowserApp.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=device-grid] tbody tr").Nth(1).WaitForAsync();
        if (Rows == 25) return;
        await page.Locator("[data-testid=device-grid] select[data-testid=page-size]").SelectOptionAsync(Rows.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("p.mud-table-pagination-caption[translate=no]")).ToHaveTextAsync(new Regex($@"^1-({Rows} of \d+|(\d+) of \2)$"));
    }

    private static async Task OpenMoreAsync(IBrowserContext context, List<IPage> pages, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await OpenDevicesAsync(page);
            pages.Add(page);
        }
    }

    private static async Task<double> ClickMedianAsync(IPage page)
    {
        await page.BringToFrontAsync();
        var times = new List<double>();
        for (var i = 0; i < Clicks; i++)
            times.Add(await page.EvaluateAsync<double>(TimedNextPage));
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>The server's live managed heap: this process hosts the console.</summary>
    private static long LiveHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
