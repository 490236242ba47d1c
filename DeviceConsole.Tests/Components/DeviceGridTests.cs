using Bunit;
using DeviceConsole.Components.Devices;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Components;

public sealed class DeviceGridTests : ComponentTest
{
    private const string Caption = "p.mud-table-pagination-caption[translate=no]";

    [Fact, Trait("Rule", "A6")]
    public async Task ListsTheWholeSubtree_OnePageAtATime_WithEachDevicesPath()
    {
        await Harness.ActAsync("admin@acme.example");
        var acme = await Harness.OrganizationIdAsync("Acme IoT");
        var cut = RenderWithProviders<DeviceGrid>((nameof(DeviceGrid.OrganizationId), acme));

        cut.WaitForAssertion(() => Assert.Equal("1-25 of 46", cut.Find(Caption).TextContent.Trim()));
        Assert.Equal(25, cut.FindAll("[data-testid=device-grid] tbody tr").Count);
        Assert.Contains("Acme IoT / Client A", cut.Find("[data-testid=device-grid] tbody").TextContent);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task TurningOffSubOrganizations_ListsOnlyTheOrganizationsOwnDevices()
    {
        await Harness.ActAsync("admin@acme.example");
        var acme = await Harness.OrganizationIdAsync("Acme IoT");
        var cut = RenderWithProviders<DeviceGrid>((nameof(DeviceGrid.OrganizationId), acme));
        cut.WaitForAssertion(() => Assert.Equal("1-25 of 46", cut.Find(Caption).TextContent.Trim()));

        await cut.Find("input[data-testid=include-sub-organizations], [data-testid=include-sub-organizations] input").ChangeAsync(new() { Value = false });

        cut.WaitForAssertion(() => Assert.Equal("1-10 of 10", cut.Find(Caption).TextContent.Trim()));
    }

    [Fact, Trait("Rule", "A2")]
    public async Task AUser_SeesOnlyItsOwnDevices()
    {
        await Harness.ActAsync("clienta.user@acme.example");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        var cut = RenderWithProviders<DeviceGrid>((nameof(DeviceGrid.OrganizationId), clientA));

        cut.WaitForAssertion(() => Assert.Equal("1-8 of 8", cut.Find(Caption).TextContent.Trim()));
        Assert.All(cut.FindAll("[data-testid=device-grid] tbody tr"), row => Assert.Contains("clienta.user@acme.example", row.TextContent));
    }
}
