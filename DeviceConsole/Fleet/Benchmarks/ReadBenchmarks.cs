using System.Text;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>The reads of the benchmark: service calls beside the one statement that returns the same rows.</summary>
public sealed partial class ReadBenchmarks(IServiceProvider services, FloorDatabase floor, BenchmarkActors actors)
{
    private const int PageSize = 25;
    private const string SubtreeDevices = """
        SELECT d.Id, d.Name FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId
        WHERE o.Path >= $lo AND o.Path < $hi
        """;

    public IEnumerable<BenchmarkCase> Cases(BenchmarkActor actor)
    {
        var label = $"{actor.Label}, {actor.SubtreeDevices:N0} devices";
        yield return new BenchmarkCase($"fixed cost of a service call ({actor.Label})", FixedCostAsync, () => FloorScalarAsync("SELECT 'ok'"), 40);
        yield return new BenchmarkCase($"actor's view + effective role ({actor.Label})", () => ViewAsync(actor), () => FloorViewAsync(actor), 40);
        yield return new BenchmarkCase($"device list, first page with total ({label})",
            () => ListAsync(actor, new DeviceListRequest(Take: PageSize)), () => FloorFirstPageAsync(actor));
        if (actor.SubtreeDevices > 50_000)
            yield return new BenchmarkCase($"device list, page at offset 50,000 ({label})",
                () => DeepPageAsync(actor, 50_000), () => FloorKeysetPageAsync(actor, 50_000));
        yield return new BenchmarkCase($"device search \"abc\", page with total ({label})",
            () => ListAsync(actor, new DeviceListRequest(Search: "abc", Take: PageSize)), () => FloorSearchAsync(actor, "abc"));
        yield return new BenchmarkCase($"audit log, first page with total ({actor.Label})",
            () => AuditPageAsync(actor), () => FloorAuditPageAsync(actor), 9);
        yield return new BenchmarkCase($"one device's history ({actor.Label})",
            () => HistoryAsync(actor, actor.BusiestDeviceId), () => FloorHistoryAsync(actor.BusiestDeviceId), 40);
    }

    public BenchmarkCase Export(BenchmarkActor actor) => new($"audit CSV export ({actor.Label})",
        () => ExportAsync(actor), () => FloorExportAsync(actor), 3);

    private async Task<string> FixedCostAsync()
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.CloseConnectionAsync();
        return "ok";
    }

    private async Task<string> FloorScalarAsync(string sql) => (await floor.QueryAsync(sql))[0][0]!.ToString()!;

    private async Task<string> ViewAsync(BenchmarkActor actor)
    {
        actors.SignIn(actor);
        await using var operation = await services.GetRequiredService<Operations>().BeginReadAsync();
        return operation.View.EffectiveRole(actor.Path)?.ToString() ?? "none";
    }

    private async Task<string> FloorViewAsync(BenchmarkActor actor)
    {
        if (floor.IsPostgres) return await PostgresViewAsync(actor);
        var rows = await floor.QueryAsync("""
            SELECT max(m.Role) FROM Memberships m JOIN Organizations o ON o.Id = m.OrganizationId
            WHERE m.AccountId = $account AND $path >= o.Path AND substr($path, 1, length(o.Path)) = o.Path
            """, ("$account", actor.AccountId), ("$path", actor.Path));
        return rows[0][0] is long role ? ((Role)role).ToString() : "none";
    }

    private async Task<string> ListAsync(BenchmarkActor actor, DeviceListRequest request)
    {
        actors.SignIn(actor);
        var page = await services.GetRequiredService<DeviceQueries>().ListAsync(actor.OrganizationId, request);
        return $"{page.Total}:{string.Join(',', page.Rows.Select(r => r.Id))}";
    }

    private readonly Dictionary<string, string?> _deepCursors = [];

    /// <summary>The page at an offset as the pager reaches it: with the cursor the previous page handed out.</summary>
    private async Task<string> DeepPageAsync(BenchmarkActor actor, int offset)
    {
        actors.SignIn(actor);
        var devices = services.GetRequiredService<DeviceQueries>();
        if (!_deepCursors.TryGetValue(actor.Label, out var cursor))
            _deepCursors[actor.Label] = cursor = (await devices.ListAsync(actor.OrganizationId,
                new DeviceListRequest(Skip: offset - PageSize, Take: PageSize))).NextCursor;
        var page = await devices.ListAsync(actor.OrganizationId, new DeviceListRequest(Take: PageSize, Cursor: cursor));
        return $"{page.Total}:{string.Join(',', page.Rows.Select(r => r.Id))}";
    }

    private async Task<bool> HasTableAsync(string name) =>
        (await floor.QueryAsync("SELECT count(*) FROM sqlite_master WHERE name = $name", ("$name", name)))[0][0] is 1L;

    private async Task<string> FloorFirstPageAsync(BenchmarkActor actor)
    {
        if (floor.IsPostgres) return await PostgresFirstPageAsync(actor);
        // The best statement the schema allows: the total from the per-organization counts where they exist.
        var total = await HasTableAsync("DeviceCounts") ? SubtreeTotal : "SELECT count(*) FROM s";
        var rows = await floor.QueryAsync(
            PageRows($"s AS ({SubtreeDevices})", $"SELECT Id FROM s ORDER BY Name, Id LIMIT {PageSize}", total), Range(actor));
        return Fingerprint(rows);
    }

    /// <summary>
    /// The page as the console returns it, for the page's IDs in order: its columns, the owner's
    /// email, the tags and each organization's label (the names along its path, once per
    /// organization on the page), with the total. <paramref name="with"/> is a common table the
    /// page's IDs and the total may read.
    /// </summary>
    private static string PageRows(string? with, string pageIds, string total) => $"""
        WITH {(with is null ? "" : with + ",")}
        page AS MATERIALIZED (SELECT d.Id, d.Name, d.SerialNumber, d.Status, d.LastSeenAt, d.Version, d.OrganizationId, d.OwnerId
                              FROM ({pageIds}) p JOIN Devices d ON d.Id = p.Id),
        labels AS (SELECT o.Id, o.Path,
                          (SELECT group_concat(a.Name, ' / ') FROM json_each('[' || replace(trim(o.Path, '/'), '/', ',') || ']') j
                           JOIN Organizations a ON a.Id = j.value) AS Label
                   FROM Organizations o WHERE o.Id IN (SELECT OrganizationId FROM page))
        SELECT ({total}), r.Id, r.Name, r.SerialNumber, r.Status, r.LastSeenAt, r.Version, l.Path, l.Label,
               (SELECT u.Email FROM AspNetUsers u WHERE u.Id = r.OwnerId),
               (SELECT group_concat(t.Name, ',') FROM DeviceTags t WHERE t.DeviceId = r.Id)
        FROM page r JOIN labels l ON l.Id = r.OrganizationId
        ORDER BY r.Name, r.Id
        """;

    private const string SubtreeTotal =
        "SELECT coalesce(sum(c.Count), 0) FROM DeviceCounts c JOIN Organizations o ON o.Id = c.OrganizationId WHERE o.Path >= $lo AND o.Path < $hi";

    private readonly Dictionary<string, (string Name, long Id)> _keys = [];

    private async Task<string> FloorKeysetPageAsync(BenchmarkActor actor, int offset)
    {
        if (floor.IsPostgres) return await PostgresKeysetPageAsync(actor, offset);
        if (!_keys.TryGetValue(actor.Label, out var last))
        {
            // The key of the row before the page, as a pager holding the previous page's last row has it.
            var key = await floor.QueryAsync($"{SubtreeDevices} ORDER BY d.Name, d.Id LIMIT 1 OFFSET {offset - 1}", Range(actor));
            _keys[actor.Label] = last = ((string)key[0][1]!, (long)key[0][0]!);
        }
        // The page carries the list's total, as the console's does.
        var rows = await floor.QueryAsync(
            PageRows(null, $"{SubtreeDevices} AND (d.Name, d.Id) > ($name, $id) ORDER BY d.Name, d.Id LIMIT {PageSize}", SubtreeTotal),
            [.. Range(actor), ("$name", last.Name), ("$id", last.Id)]);
        return Fingerprint(rows);
    }

    private async Task<string> FloorSearchAsync(BenchmarkActor actor, string term)
    {
        if (floor.IsPostgres) return await PostgresSearchAsync(actor, term);
        var match = await HasTableAsync("AccountSearch")
            ? """
              d.Id IN (SELECT rowid FROM DeviceSearch WHERE DeviceSearch MATCH $match
                UNION SELECT Id FROM Devices WHERE OwnerId IN (SELECT AccountId FROM AccountSearch WHERE AccountSearch MATCH $match))
              """
            : await HasTableAsync("DeviceSearch")
            ? "(d.Id IN (SELECT rowid FROM DeviceSearch WHERE DeviceSearch MATCH $match) OR d.OwnerId IN (SELECT Id FROM AspNetUsers WHERE Email LIKE $like ESCAPE '\\'))"
            : "(d.Name LIKE $like ESCAPE '\\' OR d.SerialNumber LIKE $like ESCAPE '\\' OR d.OwnerId IN (SELECT Id FROM AspNetUsers WHERE Email LIKE $like ESCAPE '\\'))";
        var rows = await floor.QueryAsync(
            PageRows($"s AS ({SubtreeDevices} AND {match})", $"SELECT Id FROM s ORDER BY Name, Id LIMIT {PageSize}", "SELECT count(*) FROM s"), [.. Range(actor), ("$like", $"%{term}%"), ("$match", $"\"{term}\"")]);
        return Fingerprint(rows);
    }

    private async Task<string> AuditPageAsync(BenchmarkActor actor)
    {
        actors.SignIn(actor);
        var page = await services.GetRequiredService<AuditQueries>().GetPageAsync(new AuditPageRequest(new AuditFilter(), Take: PageSize));
        return $"{page.Total}:{string.Join(',', page.Rows.Select(r => r.Id))}";
    }

    // L3 for an Admin of one subtree: an involved organization in it, or a device target managed there.
    private const string VisibleAudit = """
        SELECT e.Id, e.At FROM AuditEntries e
        WHERE EXISTS (SELECT 1 FROM AuditOrganizations ao WHERE ao.AuditEntryId = e.Id AND ao.Path >= $lo AND ao.Path < $hi)
           OR (e.TargetType = 'Device' AND e.TargetId IN (
                SELECT CAST(d.Id AS TEXT) FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId WHERE o.Path >= $lo AND o.Path < $hi))
        """;

    private async Task<string> FloorAuditPageAsync(BenchmarkActor actor)
    {
        if (floor.IsPostgres) return await PostgresAuditPageAsync(actor);
        var rows = await floor.QueryAsync($"""
            WITH v AS ({VisibleAudit})
            SELECT (SELECT min(count(*), {Capped}) FROM (SELECT 1 FROM v LIMIT {Capped + 1})), Id
            FROM (SELECT Id FROM v ORDER BY At DESC, Id DESC LIMIT {PageSize})
            """, Range(actor));
        return Fingerprint(rows);
    }

    // The log's total is exact up to this many entries past the first page, a lower bound beyond.
    private const int Capped = PageSize + AuditQueries.TotalLookahead;

    private async Task<string> HistoryAsync(BenchmarkActor actor, int deviceId)
    {
        actors.SignIn(actor);
        var page = await services.GetRequiredService<AuditQueries>().GetDeviceHistoryAsync(deviceId, 0, PageSize);
        return $"{page.Total}:{string.Join(',', page.Rows.Select(r => r.Id))}";
    }

    private async Task<string> FloorHistoryAsync(int deviceId)
    {
        if (floor.IsPostgres) return await PostgresHistoryAsync(deviceId);
        // The columns the page shows, each entry's organizations with it: the same result as the console's rows.
        var rows = await floor.QueryAsync($"""
            WITH v AS (SELECT Id, At FROM AuditEntries WHERE TargetType = 'Device' AND TargetId = $id)
            SELECT (SELECT count(*) FROM v), e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.TargetName, e.Summary, e.Before, e.After,
                   (SELECT group_concat(ao.Part || ':' || ao.OrganizationId || ':' || ao.Name || ':' || ao.Path, ';')
                    FROM AuditOrganizations ao WHERE ao.AuditEntryId = e.Id)
            FROM (SELECT Id FROM v ORDER BY At DESC, Id DESC LIMIT {PageSize}) p JOIN AuditEntries e ON e.Id = p.Id
            ORDER BY e.At DESC, e.Id DESC
            """, ("$id", deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Fingerprint(rows);
    }

    private async Task<string> ExportAsync(BenchmarkActor actor)
    {
        actors.SignIn(actor);
        long count = 0, sum = 0;
        await using var writer = new StreamWriter(Stream.Null, new UTF8Encoding(true));
        await AuditCsv.WriteHeaderAsync(writer);
        await foreach (var row in services.GetRequiredService<AuditQueries>().ExportAsync(new AuditFilter()))
        {
            await AuditCsv.WriteRowAsync(writer, row);
            count++;
            sum += row.Id;
        }
        return $"{count}:{sum}";
    }

    private async Task<string> FloorExportAsync(BenchmarkActor actor)
    {
        if (floor.IsPostgres) return await PostgresExportAsync(actor);
        long sum = 0;
        await using var writer = new StreamWriter(Stream.Null, new UTF8Encoding(true));
        await AuditCsv.WriteHeaderAsync(writer);
        var fields = new string[10];
        var count = await floor.StreamAsync($"""
            WITH v AS ({VisibleAudit})
            SELECT e.Id, e.At, e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName,
                   (SELECT group_concat(ao.Name, ' → ') FROM AuditOrganizations ao WHERE ao.AuditEntryId = e.Id), e.Summary, e.Before, e.After
            FROM v JOIN AuditEntries e ON e.Id = v.Id ORDER BY v.At DESC, v.Id DESC
            """, async reader =>
            {
                sum += reader.GetInt64(0);
                for (var i = 1; i < 11; i++)
                    fields[i - 1] = reader.IsDBNull(i) ? "" : reader.GetString(i);
                await AuditCsv.WriteRecordAsync(writer, fields);
            }, Range(actor));
        return $"{count}:{sum}";
    }

    private static (string, object?)[] Range(BenchmarkActor actor) =>
        [("$lo", actor.Path), ("$hi", OrganizationPath.SubtreeUpperBound(actor.Path))];

    private static string Fingerprint(List<object?[]> rows) =>
        rows.Count == 0 ? "0:" : $"{rows[0][0]}:{string.Join(',', rows.Select(r => r[1]))}";
}
