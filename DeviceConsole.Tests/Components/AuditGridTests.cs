using Bunit;
using DeviceConsole.Components.Audit;
using DeviceConsole.Components.Pages;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Components;

public sealed class AuditGridTests : ComponentTest
{
    private const string Caption = "p.mud-table-pagination-caption[translate=no]";

    private IRenderedComponent<ContainerFragment> RenderGrid() => RenderWithProviders<AuditGrid>();

    private static string CaptionOf(IRenderedComponent<ContainerFragment> cut) => cut.Find(Caption).TextContent.Trim();

    [Fact, Trait("Rule", "L3")]
    public async Task ShowsTheVisibleEntries_AndTheDeviceFilterNarrowsThemToOneDevice()
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderGrid();
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 55", CaptionOf(cut)));

        await cut.Find("input[data-testid=audit-device]").ChangeAsync(new() { Value = "CLA-SN-1001" });

        cut.WaitForAssertion(() => Assert.Equal("1-1 of 1", CaptionOf(cut)));
        Assert.Contains("Registered Client A Sensor 01 in Client A", cut.Find("[data-testid=audit-grid] tbody").TextContent);
        Assert.Contains("device=CLA-SN-1001", cut.Find("a[data-testid=audit-export]").GetAttribute("href"));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnInvertedDateRange_SaysSo()
    {
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderGrid();
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 55", CaptionOf(cut)));

        await cut.Find("input[data-testid=audit-from]").ChangeAsync(new() { Value = "2026-11-05" });
        await cut.Find("input[data-testid=audit-to]").ChangeAsync(new() { Value = "2026-11-01" });

        cut.WaitForAssertion(() => Assert.Contains("The time range ends before it starts", cut.Find("[data-testid=audit-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=audit-grid] tbody tr.mud-table-row"));

        await cut.Find("input[data-testid=audit-to]").ChangeAsync(new() { Value = "2026-11-05" });
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=audit-error]")));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AForeignDevice_IsNotFound_AndShowsNothing()
    {
        await Harness.ActAsync("globex.admin@globex.example");
        var cut = RenderGrid();
        cut.WaitForAssertion(() => Assert.Equal("1-15 of 15", CaptionOf(cut)));

        await cut.Find("input[data-testid=audit-device]").ChangeAsync(new() { Value = "CLA-SN-1001" });

        cut.WaitForAssertion(() => Assert.Equal("That device was not found.", cut.Find("[data-testid=audit-error]").TextContent.Trim()));
        Assert.DoesNotContain("Client A", cut.Markup);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task TheActorFilter_AndClearingTheFilters()
    {
        var device = await Harness.DeviceIdAsync("CLA-SN-1002");
        await Harness.AddDeviceEntryAsync(device, "Client A Sensor 02", "Edited by the Client A admin", "Client A", "clienta.admin@acme.example");
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderGrid();
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 56", CaptionOf(cut)));

        await cut.Find("input[data-testid=audit-actor]").ChangeAsync(new() { Value = "clienta.admin@acme.example" });
        cut.WaitForAssertion(() => Assert.Equal("1-1 of 1", CaptionOf(cut)));

        await cut.Find("[data-testid=audit-clear]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 56", CaptionOf(cut)));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task Times_AreShownInTheBrowsersTimeZone()
    {
        JSInterop.SetupModule("./js/time-zone.js").Setup<string?>("timeZone").SetResult("Europe/Berlin");
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderGrid();

        // Stored 2026-11-01 12:00 UTC is 13:00 in Berlin.
        cut.WaitForAssertion(() => Assert.Contains("When (Europe/Berlin)", cut.Find("[data-testid=audit-grid] thead").TextContent));
        cut.WaitForAssertion(() => Assert.Contains("2026-11-01 13:00:00", cut.Find("[data-testid=audit-grid] tbody").TextContent));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task ARowOpensItsBeforeAndAfterDetails()
    {
        var device = await Harness.DeviceIdAsync("ACME-GW-1001");
        Harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await Harness.AddDeviceEntryAsync(device, "Acme IoT Gateway 01", "Renamed", "Acme IoT", "admin@acme.example",
            before: new { Name = "Old gateway" }, after: new { Name = "Acme IoT Gateway 01" });
        await Harness.ActAsync("admin@acme.example");
        var cut = RenderGrid();
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 56", CaptionOf(cut)));

        await cut.Find("[data-testid=audit-grid] tbody tr.mud-table-row button").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Old gateway", cut.Find("[data-testid=audit-details]").TextContent));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task TheAuditPage_TellsAUserItIsNotForThem()
    {
        await Harness.ActAsync("clienta.user@acme.example");

        var cut = RenderWithProviders<Audit>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=audit-not-available]")));
        Assert.Empty(cut.FindAll("[data-testid=audit-grid]"));
    }

    [Fact, Trait("Rule", "D10")]
    public async Task TheDevicePage_HasAHistoryTab_ForThoseWhoManageTheDevice()
    {
        var device = await Harness.DeviceIdAsync("CLA-TR-1001");
        await Harness.ActAsync("clienta.admin@acme.example");
        var cut = RenderWithProviders<DeviceDetailsPage>((nameof(DeviceDetailsPage.Id), device.ToString()));
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".mud-tab"), t => t.TextContent.Contains("History")));

        await cut.FindAll(".mud-tab").Single(t => t.TextContent.Contains("History")).ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("1-1 of 1", CaptionOf(cut)));
        Assert.Contains("Registered Client A Tracker 01", cut.Find("[data-testid=audit-grid] tbody").TextContent);
    }

    [Fact, Trait("Rule", "D10")]
    public async Task TheDevicePage_HasNoHistoryTab_ForAUserOwner()
    {
        var device = await Harness.DeviceIdAsync("CLA-TR-1001");
        await Harness.ActAsync("clienta.user@acme.example");
        var owner = RenderWithProviders<DeviceDetailsPage>((nameof(DeviceDetailsPage.Id), device.ToString()));
        owner.WaitForAssertion(() => Assert.NotEmpty(owner.FindAll("[data-testid=device-name]")));
        Assert.DoesNotContain(owner.FindAll(".mud-tab"), t => t.TextContent.Contains("History"));
    }
}
