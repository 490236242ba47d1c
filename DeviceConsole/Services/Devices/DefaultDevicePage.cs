using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// The list as it first opens for an Admin or Staff of the listed organization (A6): the whole
/// subtree, no filter, by name, first page or a later one by key. It is the page read most often,
/// so it is one hand-written statement (<see cref="RawStatement"/>): no LINQ translation and no
/// collection materialization (the tags come as one JSON array per row), which were most of a small
/// subtree's page. It reads the same rows, in the same order, with the same total as the general
/// query; <c>DefaultDevicePageTests</c> holds the two equal on both providers.
/// </summary>
internal static class DefaultDevicePage
{
    public static bool Serves(ActorView view, string listedPath, DeviceListRequest request) =>
        view.ManagesDevicesIn(listedPath) && request.IncludeSubOrganizations && request.SortBy == DeviceSort.Name && !request.Descending
        && request.Status is null && string.IsNullOrWhiteSpace(request.Search) && (request.Tags ?? []).Count == 0 && request.Skip <= 0;

    public static Task<List<DeviceQueries.PageRow>> ReadAsync(AppDbContext db, string listedPath, int take, PageCursors.Key? after,
        CancellationToken ct = default) =>
        // The first page is the page after ("", 0): every device has a name, and every ID is positive.
        RawStatement.ListAsync(db, Texts.GetOrAdd((db.IsPostgres, take), Sql),
            [listedPath, OrganizationPath.SubtreeUpperBound(listedPath), after?.Text ?? "", (int)(after?.Id ?? 0)], Read, ct);

    // One text per provider and page size (RawStatement.PageSize): at most DeviceListRequest.MaxPageSize each.
    private static readonly ConcurrentDictionary<(bool Postgres, int Take), string> Texts = new();

    private static string Sql((bool Postgres, int Take) shape) =>
        (shape.Postgres ? PostgresSql : SqliteSql).Replace("{4}", RawStatement.PageSize(shape.Take), StringComparison.Ordinal);

    internal static DeviceQueries.PageRow Read(DbDataReader r) => new(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
        r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), (DeviceStatus)r.GetInt32(6), r.IsDBNull(7) ? null : r.GetDateTime(7),
        r.GetGuid(8), JsonSerializer.Deserialize<List<string>>(r.GetString(9)) ?? [], r.GetInt32(10));

    // The shape of DeviceQueries.ListAsync for this case: the page's IDs by a narrow sort and limit (late row lookup)
    // after the key, then the page's columns, owner, tags and the subtree's total from the per-organization counts.
    // The path labels stay a query of their own: computed per row in SQL they cost more than the page itself.
    internal const string Columns = """
        SELECT d."Id", d."Name", d."SerialNumber", d."OrganizationId", o."Path",
               (SELECT u."Email" FROM "AspNetUsers" AS u WHERE u."Id" = d."OwnerId" LIMIT 1),
               d."Status", d."LastSeenAt", d."Version",
        """;

    // A join, not IN (...): at the root's 900 organizations it sums the counts in about 0.3 ms against 0.8 ms.
    private const string SubtreeCounts = """
        FROM "DeviceCounts" AS c INNER JOIN "Organizations" AS s ON s."Id" = c."OrganizationId" WHERE s."Path" >= {0} AND s."Path" < {1}
        """;

    private const string PageOfDevices = """
        FROM (SELECT x."Id" FROM "Devices" AS x INNER JOIN "Organizations" AS xo ON xo."Id" = x."OrganizationId"
              WHERE xo."Path" >= {0} AND xo."Path" < {1} AND (x."Name" > {2} OR (x."Name" = {2} AND x."Id" > {3}))
              ORDER BY x."Name", x."Id" LIMIT {4}) AS p
        INNER JOIN "Devices" AS d ON d."Id" = p."Id"
        INNER JOIN "Organizations" AS o ON o."Id" = d."OrganizationId"
        ORDER BY d."Name", d."Id"
        """;

    // The providers differ in the tags' JSON array and the sum's type only.
    private const string SqliteSql = $$"""
        {{Columns}}
               (SELECT json_group_array(t."Name") FROM "DeviceTags" AS t WHERE t."DeviceId" = d."Id"),
               (SELECT coalesce(sum(c."Count"), 0) {{SubtreeCounts}})
        {{PageOfDevices}}
        """;

    private const string PostgresSql = $$"""
        {{Columns}}
               (SELECT coalesce(json_agg(t."Name"), '[]')::text FROM "DeviceTags" AS t WHERE t."DeviceId" = d."Id"),
               (SELECT coalesce(sum(c."Count"), 0)::integer {{SubtreeCounts}})
        {{PageOfDevices}}
        """;
}
