using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Tags;
using Microsoft.EntityFrameworkCore;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// A6: the list as it first opens (whole subtree, no filter, by name) is read by one hand-written statement;
/// page by page it returns what the general query returns, rows, order, totals and cursors.
/// </summary>
public sealed class DefaultDevicePageTests : ServiceTest
{
    [Theory, Trait("Rule", "A6")]
    [InlineData("admin@acme.example", "Acme IoT")]
    [InlineData("admin@acme.example", "Client A")]
    [InlineData("clienta.admin@acme.example", "Client A")]
    [InlineData("clienta.admin@acme.example", "Client A Warehouse")]
    [InlineData("staff@acme.example", "Acme IoT")]
    [InlineData("globex.admin@globex.example", "Globex")]
    public async Task EveryPage_IsTheGeneralQuerysPage(string reader, string organization)
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        // Ties on the name (broken by ID), tags on some rows (one with JSON's special characters), devices moved in after the counts were first kept.
        for (var i = 0; i < 5; i++)
            await H.Get<DeviceCommands>().CreateAsync(clientA, new DeviceDraft("Same name", $"TIE-{i}", DeviceStatus.Offline));
        await H.Get<TagCommands>().ApplyAsync(new TagRequest([await H.TokenAsync("TIE-2"), await H.TokenAsync("CLA-SN-1003")], ["north", "Alpha", "Zone\"Süd\\😀"], []));
        await H.ActAsync(reader);
        var organizationId = await H.OrganizationIdAsync(organization);
        var devices = H.Get<DeviceQueries>();

        foreach (var take in new[] { 1, 3, 25 })
        {
            var request = new DeviceListRequest(Take: take);
            var pages = 0;
            for (; pages < 200; pages++)
            {
                var statement = await devices.ListAsync(organizationId, request, defaultPageStatement: true);
                var general = await devices.ListAsync(organizationId, request, defaultPageStatement: false);

                Assert.Equal(Shape(general), Shape(statement));
                if (general.NextCursor is null)
                    break;
                request = request with { Cursor = general.NextCursor };
            }
            Assert.InRange(pages, take == 25 ? 0 : 1, 199);
        }
    }

    [Fact, Trait("Rule", "A6")]
    public async Task AnOrganizationWithoutDevices_HasAnEmptyFirstPage_AndATotalOfNone()
    {
        await H.ActAsync("admin@acme.example");
        var empty = (await H.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(await H.OrganizationIdAsync("Client B"), "Empty lab")))
            .Organization.Id;
        var devices = H.Get<DeviceQueries>();

        var statement = await devices.ListAsync(empty, new DeviceListRequest(), defaultPageStatement: true);

        Assert.Equal("0|False|", Shape(statement));
        Assert.Equal(Shape(await devices.ListAsync(empty, new DeviceListRequest(), defaultPageStatement: false)), Shape(statement));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task AUserSeeingOnlyItsOwnDevices_IsNotServedByTheDefaultPage()
    {
        await H.ActAsync("clienta.user@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        await using var op = await H.Get<Operations>().BeginReadAsync();
        var path = await op.Db.Organizations.Where(o => o.Id == clientA).Select(o => o.Path).SingleAsync();

        Assert.False(DefaultDevicePage.Serves(op.View, path, new DeviceListRequest()));
        Assert.NotEmpty((await H.Get<DeviceQueries>().ListAsync(clientA, new DeviceListRequest())).Rows);
    }

    private static string Shape(DevicePage page) =>
        $"{page.Total}|{page.NextCursor is not null}|" + string.Join(";", page.Rows.Select(r =>
            $"{r.Id},{r.Name},{r.SerialNumber},{r.OrganizationId},{r.OrganizationLabel},{r.OwnerEmail},{r.Status},{r.LastSeenAt?.Ticks},{r.Version},{string.Join("+", r.Tags ?? [])}"));
}
