using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

public sealed class DeviceListTests : ServiceTest
{
    private async Task<DevicePage> ListAsync(string email, string organization, DeviceListRequest? request = null)
    {
        await H.ActAsync(email);
        return await H.Get<DeviceQueries>().ListAsync(await H.OrganizationIdAsync(organization),
            request ?? new DeviceListRequest(Take: 100));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task RootAdminsList_IncludesEverySubOrganizationsDevices_WithTheirPath()
    {
        var page = await ListAsync("admin@acme.example", "Acme IoT");

        await using var db = H.NewDbContext();
        var acmeTotal = await db.Devices.CountAsync(d => !d.SerialNumber.StartsWith("GLX"));
        Assert.Equal(acmeTotal, page.Total);
        Assert.Contains(page.Rows, r => r.OrganizationLabel == "Acme IoT / Client A / Client A Warehouse");
        Assert.Contains(page.Rows, r => r.OrganizationLabel == "Acme IoT / Client B");
        Assert.DoesNotContain(page.Rows, r => r.SerialNumber.StartsWith("GLX"));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task WithoutSubOrganizations_OnlyTheOrganizationsOwnDevicesAreListed()
    {
        var page = await ListAsync("admin@acme.example", "Acme IoT", new DeviceListRequest(IncludeSubOrganizations: false, Take: 100));

        Assert.Equal(10, page.Total);
        Assert.All(page.Rows, r => Assert.Equal("Acme IoT", r.OrganizationLabel));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task InclusionFollowsTheRoleInTheDevicesOwnOrganization_NotInTheListedOne()
    {
        // User in Client A, Admin in Client A Warehouse: own Client A devices plus every Warehouse device.
        await H.AddMembershipAsync("clienta.user@acme.example", "Client A Warehouse", Role.Admin);

        var page = await ListAsync("clienta.user@acme.example", "Client A");

        Assert.Equal(4 + 12, page.Total);
        Assert.Equal(4, page.Rows.Count(r => r.OrganizationLabel == "Acme IoT / Client A"));
        Assert.All(page.Rows.Where(r => r.OrganizationLabel == "Acme IoT / Client A"),
            r => Assert.Equal("clienta.user@acme.example", r.OwnerEmail));
        Assert.Equal(12, page.Rows.Count(r => r.OrganizationLabel.EndsWith("Client A Warehouse")));
    }

    [Fact, Trait("Rule", "A2")]
    public async Task User_SeesOnlyTheDevicesItOwns()
    {
        var page = await ListAsync("clienta.user@acme.example", "Client A");

        Assert.Equal(8, page.Total);
        Assert.All(page.Rows, r => Assert.Equal("clienta.user@acme.example", r.OwnerEmail));
    }

    [Fact, Trait("Rule", "A2")]
    public async Task Staff_SeesEveryDeviceOfItsSubtree()
    {
        var staff = await ListAsync("staff@acme.example", "Client A");
        var admin = await ListAsync("admin@acme.example", "Client A");

        Assert.Equal(admin.Total, staff.Total);
        Assert.Equal(26, staff.Total);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task Search_MatchesNameSerialOrOwnerEmail_CaseInsensitively()
    {
        Assert.Equal(4, (await ListAsync("admin@acme.example", "Acme IoT", new DeviceListRequest(Search: "tracker"))).Total);
        Assert.Equal(1, (await ListAsync("admin@acme.example", "Acme IoT", new DeviceListRequest(Search: "cla-sn-1003"))).Total);
        var byOwner = await ListAsync("admin@acme.example", "Acme IoT", new DeviceListRequest(Search: "CLIENTA.USER", Take: 100));
        Assert.Equal(8, byOwner.Total);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task Search_TreatsLikeWildcardsAsText()
    {
        var page = await ListAsync("admin@acme.example", "Acme IoT", new DeviceListRequest(Search: "%"));
        Assert.Equal(0, page.Total);
        Assert.Equal(0, (await ListAsync("admin@acme.example", "Acme IoT", new DeviceListRequest(Search: "_"))).Total);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task StatusFilter_SortAndPaging_RunTogether_WithATotalOfTheWholeFilter()
    {
        await using var db = H.NewDbContext();
        var online = await db.Devices.Where(d => d.Status == DeviceStatus.Online && !d.SerialNumber.StartsWith("GLX"))
            .OrderByDescending(d => d.SerialNumber).Select(d => d.SerialNumber).ToListAsync();

        var first = await ListAsync("admin@acme.example", "Acme IoT",
            new DeviceListRequest(Status: DeviceStatus.Online, SortBy: DeviceSort.SerialNumber, Descending: true, Skip: 0, Take: 3));
        var second = await ListAsync("admin@acme.example", "Acme IoT",
            new DeviceListRequest(Status: DeviceStatus.Online, SortBy: DeviceSort.SerialNumber, Descending: true, Skip: 3, Take: 3));

        Assert.Equal(online.Count, first.Total);
        Assert.Equal(online.Take(6), first.Rows.Concat(second.Rows).Select(r => r.SerialNumber));
        Assert.All(first.Rows, r => Assert.Equal(DeviceStatus.Online, r.Status));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task PageSize_IsCapped()
    {
        var page = await ListAsync("admin@acme.example", "Acme IoT", new DeviceListRequest(Take: 100_000));
        Assert.True(page.Rows.Count <= DeviceListRequest.MaxPageSize);
    }
}
