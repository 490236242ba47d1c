using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Audit;

/// <summary>L3 keyset paging: the same entries as offsets, cursors that cannot be forged or reused, totals that stop counting early.</summary>
public sealed class AuditPagingTests : ServiceTest
{
    private AuditQueries Audit => H.Get<AuditQueries>();

    /// <summary>Entries that share their time with others, so only the ID breaks the tie.</summary>
    private async Task AddTiedEntriesAsync(int count)
    {
        var device = await H.DeviceIdAsync("ACME-GW-1001");
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 1; i <= count; i++)
            await H.AddDeviceEntryAsync(device, "Acme IoT Gateway 01", $"Tied {i}", "Acme IoT");
    }

    private async Task<List<long>> WalkByCursorAsync(AuditPageRequest first)
    {
        var ids = new List<long>();
        var request = first;
        for (var guard = 0; guard < 100; guard++)
        {
            var page = await Audit.GetPageAsync(request);
            ids.AddRange(page.Rows.Select(r => r.Id));
            if (page.NextCursor is null) return ids;
            request = request with { Skip = request.Skip + request.Take, Cursor = page.NextCursor };
        }
        throw new InvalidOperationException("Paging did not end.");
    }

    [Theory, Trait("Rule", "L3")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CursorPaging_ReturnsEveryVisibleEntryOnce_InTheLogsOrder_WithTiedTimes(bool oldestFirst)
    {
        await AddTiedEntriesAsync(5);
        await H.ActAsync("admin@acme.example");
        var request = new AuditPageRequest(new AuditFilter(), Take: 7, OldestFirst: oldestFirst);

        var walked = await WalkByCursorAsync(request);

        var all = await Audit.GetPageAsync(request with { Take = AuditPageRequest.MaxPageSize });
        Assert.Equal(all.Rows.Select(r => r.Id), walked);
        Assert.Equal(all.Total, walked.Count);
        Assert.Equal(walked.Count, walked.Distinct().Count());
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AlteredCursor_OrOneFromAnotherFilterOrAccount_IsRefused_WithoutRows()
    {
        await H.ActAsync("admin@acme.example");
        var request = new AuditPageRequest(new AuditFilter(), Take: 5);
        var cursor = (await Audit.GetPageAsync(request)).NextCursor!;
        var altered = cursor[..^3] + (cursor[^3] == 'A' ? 'B' : 'A') + cursor[^2..];

        foreach (var attempt in new[]
        {
            request with { Cursor = altered },
            request with { Cursor = "not-a-cursor" },
            request with { Cursor = cursor, OldestFirst = true },
            request with { Cursor = cursor, Filter = new AuditFilter(Action: AuditActions.DeviceCreated) },
        })
        {
            var refusal = await Assert.ThrowsAsync<InvalidCursorException>(() => Audit.GetPageAsync(attempt));
            Assert.Equal(PageCursors.Invalid, refusal.Message);
        }

        await H.ActAsync("clienta.admin@acme.example");
        var foreign = await Assert.ThrowsAsync<InvalidCursorException>(() => Audit.GetPageAsync(request with { Cursor = cursor }));
        Assert.Equal(PageCursors.Invalid, foreign.Message);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task Total_OfALargeLog_CountsTenThousandEntriesPastThePage_AndSaysItIsALowerBound()
    {
        await AddBulkEntriesAsync("Acme IoT", AuditQueries.TotalLookahead + 100);
        await H.ActAsync("admin@acme.example");

        var first = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), Take: 25));
        Assert.True(first.TotalIsLowerBound);
        Assert.Equal(25 + AuditQueries.TotalLookahead, first.Total);

        var second = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), Skip: 25, Take: 25, Cursor: first.NextCursor));
        Assert.Equal(50 + AuditQueries.TotalLookahead, second.Total);
        Assert.DoesNotContain(second.Rows, r => first.Rows.Any(f => f.Id == r.Id));

        // A narrow filter stays exact: the seeded devices' creation entries of Acme's tree.
        var created = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(Action: AuditActions.DeviceCreated), Take: AuditPageRequest.MaxPageSize));
        Assert.False(created.TotalIsLowerBound);
        Assert.Equal(created.Rows.Count, created.Total);
        Assert.InRange(created.Total, 1, AuditPageRequest.MaxPageSize - 1);
    }

    /// <summary>Many entries in one statement (the services write theirs one by one; the volume is what is under test).</summary>
    private async Task AddBulkEntriesAsync(string organization, int count)
    {
        await using var db = H.NewDbContext();
        var target = await db.Organizations.Where(o => o.Name == organization).Select(o => new { o.Id, o.Name, o.Path }).SingleAsync();
        if (TestProvider.IsPostgres)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "AuditEntries" ("At", "ActorId", "ActorEmail", "Action", "TargetType", "TargetId", "TargetName", "Summary", "Before", "After")
                SELECT '2026-10-01 00:00:00Z', NULL, 'system', {AuditActions.OrganizationRenamed}, {AuditTargets.Organization},
                       CAST({target.Id} AS text), {target.Name}, 'Bulk ' || i, NULL, NULL FROM generate_series(1, {count}) AS n(i)
                """);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "AuditOrganizations" ("AuditEntryId", "Part", "OrganizationId", "Name", "Path")
                SELECT "Id", {AuditParts.Organization}, {target.Id}, {target.Name}, {target.Path} FROM "AuditEntries" WHERE "Summary" LIKE 'Bulk %'
                """);
            return;
        }
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO AuditEntries (At, ActorId, ActorEmail, Action, TargetType, TargetId, TargetName, Summary, Before, After)
            SELECT '2026-10-01 00:00:00', NULL, 'system', {AuditActions.OrganizationRenamed}, {AuditTargets.Organization}, {target.Id}, {target.Name}, 'Bulk ' || i, NULL, NULL FROM n
            """);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO AuditOrganizations (AuditEntryId, Part, OrganizationId, Name, Path)
            SELECT Id, {AuditParts.Organization}, {target.Id}, {target.Name}, {target.Path} FROM AuditEntries WHERE Summary LIKE 'Bulk %'
            """);
    }
}
