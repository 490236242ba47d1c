using DeviceConsole.Domain;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>A6 keyset paging: the same rows as offset paging, cursors that cannot be forged or reused elsewhere.</summary>
public sealed class DeviceListPagingTests : ServiceTest
{
    private async Task<int> AcmeAsync()
    {
        await H.ActAsync("admin@acme.example");
        return await H.OrganizationIdAsync("Acme IoT");
    }

    private async Task AddDuplicatesAsync()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        for (var i = 0; i < 7; i++)
            await H.Get<DeviceCommands>().CreateAsync(clientA, new DeviceDraft("Same name", $"DUP-{i}", DeviceStatus.Online));
    }

    private async Task<List<int>> WalkByCursorAsync(int organizationId, DeviceListRequest first)
    {
        var ids = new List<int>();
        var request = first;
        for (var guard = 0; guard < 100; guard++)
        {
            var page = await H.Get<DeviceQueries>().ListAsync(organizationId, request);
            ids.AddRange(page.Rows.Select(r => r.Id));
            if (page.NextCursor is null) return ids;
            request = request with { Cursor = page.NextCursor };
        }
        throw new InvalidOperationException("Paging did not end.");
    }

    private async Task<List<int>> AllByOffsetAsync(int organizationId, DeviceListRequest request) =>
        (await H.Get<DeviceQueries>().ListAsync(organizationId, request with { Take = DeviceListRequest.MaxPageSize })).Rows.Select(r => r.Id).ToList();

    [Theory, Trait("Rule", "A6")]
    [InlineData(DeviceSort.Name, false)]
    [InlineData(DeviceSort.Name, true)]
    [InlineData(DeviceSort.SerialNumber, false)]
    [InlineData(DeviceSort.Status, false)]
    [InlineData(DeviceSort.Status, true)]
    public async Task CursorPaging_ReturnsEveryRowOnceInTheSortOrder_WithDuplicateKeys(DeviceSort sort, bool descending)
    {
        await AddDuplicatesAsync();
        var acme = await AcmeAsync();
        var request = new DeviceListRequest(SortBy: sort, Descending: descending, Take: 4);

        var walked = await WalkByCursorAsync(acme, request);

        Assert.Equal(await AllByOffsetAsync(acme, request), walked);
        Assert.Equal(walked.Count, walked.Distinct().Count());
    }

    [Fact, Trait("Rule", "A6")]
    public async Task AnOrganizationOrOwnerSort_PagesByOffset_WithoutACursor()
    {
        var acme = await AcmeAsync();
        var page = await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(SortBy: DeviceSort.Owner, Take: 5));
        Assert.Null(page.NextCursor);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task AnAlteredCursor_IsRefusedWithAPlainMessage()
    {
        var acme = await AcmeAsync();
        var page = await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Take: 5));
        var altered = page.NextCursor![..^3] + (page.NextCursor[^3] == 'A' ? "BBB" : "AAA");

        foreach (var cursor in new[] { altered, "not-a-cursor", "" })
        {
            var error = await Assert.ThrowsAsync<InvalidCursorException>(() =>
                H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Take: 5, Cursor: cursor)));
            Assert.Contains("Open the first page again", error.Message);
        }
    }

    [Fact, Trait("Rule", "A4")]
    public async Task ACursorOfAnotherListFilterOrSort_IsRefused_NeverShowingOtherRows()
    {
        var acme = await AcmeAsync();
        var cursor = (await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Take: 5))).NextCursor!;
        var globexAdmin = await H.ActAsync("globex.admin@globex.example");
        var globex = await H.OrganizationIdAsync("Globex");
        await Assert.ThrowsAsync<InvalidCursorException>(() => H.Get<DeviceQueries>().ListAsync(globex, new DeviceListRequest(Take: 5, Cursor: cursor)));

        await H.ActAsync("admin@acme.example");
        await Assert.ThrowsAsync<InvalidCursorException>(() => H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Search: "a", Take: 5, Cursor: cursor)));
        await Assert.ThrowsAsync<InvalidCursorException>(() => H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Descending: true, Take: 5, Cursor: cursor)));
        Assert.NotNull(globexAdmin);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task ACursorMarksAPosition_SoAnyPageSizeMayFollowIt()
    {
        var acme = await AcmeAsync();
        var cursor = (await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Take: 5))).NextCursor;

        var next = await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Take: 7, Cursor: cursor));

        Assert.Equal((await AllByOffsetAsync(acme, new DeviceListRequest())).Skip(5).Take(7), next.Rows.Select(r => r.Id));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task ADeepPage_CostsTheSqlCommandsOfTheFirstPage()
    {
        var acme = await AcmeAsync();
        DevicePage first = null!;
        var firstCommands = await SqlCommandCount.OfAsync(H, async () => first = await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Take: 5)));
        var request = new DeviceListRequest(Take: 5, Cursor: first.NextCursor);
        for (var i = 0; i < 4; i++)
            request = request with { Cursor = (await H.Get<DeviceQueries>().ListAsync(acme, request)).NextCursor };

        var deepCommands = await SqlCommandCount.OfAsync(H, () => H.Get<DeviceQueries>().ListAsync(acme, request));

        Assert.Equal(firstCommands, deepCommands);
        Assert.Equal(PageCommands, firstCommands);
    }

    /// <summary>The actor's view (with the path of an organization the actor is a member of), the page with its owners, tags and total, the path labels.</summary>
    private const int PageCommands = 3;

    /// <summary>Listing an organization below the actor's own reads its path too.</summary>
    private const int SubOrganizationPageCommands = PageCommands + 1;

    [Theory, Trait("Rule", "A6"), Trait("Rule", "G3")]
    [InlineData("admin@acme.example", "Acme IoT", null, null, null, PageCommands)]
    [InlineData("admin@acme.example", "Acme IoT", "meter", null, null, PageCommands)]
    [InlineData("admin@acme.example", "Acme IoT", "me", null, null, PageCommands)]
    [InlineData("admin@acme.example", "Acme IoT", null, DeviceStatus.Offline, null, PageCommands)]
    [InlineData("admin@acme.example", "Acme IoT", null, null, "north", PageCommands)]
    [InlineData("admin@acme.example", "Client A", null, null, null, SubOrganizationPageCommands)]
    [InlineData("admin@acme.example", "Client A", "sensor", null, null, SubOrganizationPageCommands)]
    [InlineData("clienta.user@acme.example", "Client A", null, null, null, PageCommands)]
    [InlineData("multi@example.com", "Client B", null, null, null, PageCommands)]
    public async Task EveryKindOfList_IsOnePageCommand_WithItsTotalOwnersTagsAndLabels(string actor, string organization, string? search,
        DeviceStatus? status, string? tag, int expectedCommands)
    {
        List<int> tagged;
        await using (var db = H.NewDbContext())
        {
            // Tags on the first devices of every organization, so pages carry some, and two on one device.
            tagged = await db.Devices.GroupBy(d => d.OrganizationId).Select(g => g.Min(d => d.Id)).ToListAsync();
            db.DeviceTags.AddRange(tagged.Select(d => DeviceTag.Create(d, "north")));
            db.DeviceTags.Add(DeviceTag.Create(tagged[0], "Alpha"));
            await db.SaveChangesAsync();
        }
        await H.ActAsync(actor);
        var id = await H.OrganizationIdAsync(organization);
        var request = new DeviceListRequest(Search: search, Status: status, Take: 3, Tags: tag is null ? null : [tag]);
        DevicePage page = null!;

        var commands = await SqlCommandCount.OfAsync(H, async () => page = await H.Get<DeviceQueries>().ListAsync(id, request));

        Assert.Equal(expectedCommands, commands);
        var all = await H.Get<DeviceQueries>().ListAsync(id, request with { Take = DeviceListRequest.MaxPageSize });
        Assert.NotEmpty(page.Rows);
        Assert.Equal(all.Rows.Count, page.Total);
        static string Shape(DeviceRow r) => $"{r.Id}|{r.Name}|{r.OrganizationLabel}|{r.OwnerEmail}|{string.Join(",", r.Tags ?? [])}";
        Assert.Equal(all.Rows.Take(3).Select(Shape), page.Rows.Select(Shape));
        if (all.Rows.FirstOrDefault(r => r.Id == tagged[0]) is { } twice)
            Assert.Equal(["Alpha", "north"], twice.Tags);
    }

    [Fact, Trait("Rule", "A6")]
    public async Task APagePastTheEnd_StillHasTheTotal_CountedInsteadOfLabellingRows()
    {
        var acme = await AcmeAsync();
        var total = (await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest())).Total;
        DevicePage page = null!;

        var commands = await SqlCommandCount.OfAsync(H, async () => page = await H.Get<DeviceQueries>().ListAsync(acme, new DeviceListRequest(Skip: total + 10)));

        Assert.Empty(page.Rows);
        Assert.Equal(total, page.Total);
        // No rows, so no labels to read; the total, which the empty page cannot carry, is counted instead.
        Assert.Equal(PageCommands, commands);
    }
}
