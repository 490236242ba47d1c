using DeviceConsole.Domain;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Tags;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// A6 on PostgreSQL: a search of the whole subtree by name is one hand-written statement that matches
/// the term once; page by page it returns what the general query returns, rows, order, totals and cursors.
/// </summary>
public sealed class PostgresSearchPageTests : IAsyncLifetime
{
    private ServiceHarness H = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipUnless(TestProvider.IsPostgres, "PostgreSQL only: SQLite keeps the general query for a search.");
        H = await ServiceHarness.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (H is not null)
            await H.DisposeAsync();
    }

    [Theory, Trait("Rule", "A6")]
    [InlineData("admin@acme.example", "Acme IoT")]
    [InlineData("clienta.admin@acme.example", "Client A")]
    [InlineData("staff@acme.example", "Acme IoT")]
    [InlineData("globex.admin@globex.example", "Globex")]
    public async Task EverySearchPage_IsTheGeneralQuerysPage(string reader, string organization)
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        // Ties on the name (broken by ID), LIKE's own characters in names, tags on some rows.
        for (var i = 0; i < 5; i++)
            await H.Get<DeviceCommands>().CreateAsync(clientA, new DeviceDraft("Same name", $"TIE-{i}", i % 2 == 0 ? DeviceStatus.Offline : DeviceStatus.Online));
        await H.Get<DeviceCommands>().CreateAsync(clientA, new DeviceDraft("Meter 100% a_c", "LIT-1", DeviceStatus.Online));
        await H.Get<DeviceCommands>().CreateAsync(clientA, new DeviceDraft("Meter abc", "LIT-2", DeviceStatus.Online));
        await H.Get<TagCommands>().ApplyAsync(new TagRequest([await H.TokenAsync("TIE-2"), await H.TokenAsync("LIT-1")], ["north", "Zone\"Süd\\"], []));
        await H.ActAsync(reader);
        var organizationId = await H.OrganizationIdAsync(organization);
        var devices = H.Get<DeviceQueries>();
        var served = 0;

        foreach (var (term, status) in new (string, DeviceStatus?)[]
                 { ("same", null), ("SAME NAME", DeviceStatus.Offline), ("acme", null), ("glob", null), ("sn-", DeviceStatus.Online),
                   ("a_c", null), ("100%", null), ("nothing matches this", null) })
        foreach (var take in new[] { 1, 3, 25 })
        {
            var request = new DeviceListRequest(Search: term, Status: status, Take: take);
            served += await ServedAsync(organizationId, request) ? 1 : 0;
            for (var pages = 0; pages < 200; pages++)
            {
                var statement = await devices.ListAsync(organizationId, request, defaultPageStatement: true);
                var general = await devices.ListAsync(organizationId, request, defaultPageStatement: false);

                Assert.Equal(Shape(general), Shape(statement));
                if (general.NextCursor is null)
                    break;
                request = request with { Cursor = general.NextCursor };
            }
        }
        Assert.Equal(24, served);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task LikesOwnCharacters_AreMatchedLiterally()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        await H.Get<DeviceCommands>().CreateAsync(clientA, new DeviceDraft("Meter 100% a_c", "LIT-1", DeviceStatus.Online));
        await H.Get<DeviceCommands>().CreateAsync(clientA, new DeviceDraft("Meter 1000 abc", "LIT-2", DeviceStatus.Online));

        var page = await H.Get<DeviceQueries>().ListAsync(clientA, new DeviceListRequest(Search: "0% a_"));

        Assert.True(await ServedAsync(clientA, new DeviceListRequest(Search: "0% a_")));
        Assert.Equal(["LIT-1"], page.Rows.Select(r => r.SerialNumber));
        Assert.Equal(1, page.Total);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task AShortTerm_ATagFilter_OrAUserSeeingOnlyItsOwnDevices_TakeTheGeneralQuery()
    {
        await H.ActAsync("clienta.user@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");

        Assert.False(await ServedAsync(clientA, new DeviceListRequest(Search: "acme")));
        await H.ActAsync("admin@acme.example");
        Assert.False(await ServedAsync(clientA, new DeviceListRequest(Search: "ab")));
        Assert.False(await ServedAsync(clientA, new DeviceListRequest(Search: "acme", Tags: ["north"])));
        Assert.False(await ServedAsync(clientA, new DeviceListRequest(Search: "acme", SortBy: DeviceSort.Status)));
        Assert.True(await ServedAsync(clientA, new DeviceListRequest(Search: "acme")));
    }

    private async Task<bool> ServedAsync(int organizationId, DeviceListRequest request)
    {
        await using var op = await H.Get<Operations>().BeginReadAsync();
        var path = await op.Db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Path).SingleAsync();
        return PostgresSearchPage.Serves(op.Db, op.View, path, request);
    }

    private static string Shape(DevicePage page) =>
        $"{page.Total}|{page.NextCursor is not null}|" + string.Join(";", page.Rows.Select(r =>
            $"{r.Id},{r.Name},{r.SerialNumber},{r.OrganizationId},{r.OrganizationLabel},{r.OwnerEmail},{r.Status},{r.LastSeenAt?.Ticks},{r.Version},{string.Join("+", r.Tags ?? [])}"));
}
