using System.Collections.Concurrent;
using DeviceConsole.Data;
using DeviceConsole.Data.Search;
using DeviceConsole.Data.Sql;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// A search of the whole subtree by an Admin or Staff of the listed organization, by name, on
/// PostgreSQL: one hand-written statement (<see cref="RawStatement"/>) that matches the term once.
/// The general query carries its total as a scalar subquery, so PostgreSQL ran the trigram match
/// over names, serials and owner emails twice, once for the page and once for the count (measured
/// at 1.9–2.0× a statement that matches once). Here the matches are a materialized CTE that the
/// page and the total both read. SQLite keeps the general query: its FTS5 match is already within
/// 1.1–1.2× of its floor. It returns the same rows, order and total as the general query;
/// <c>PostgresSearchPageTests</c> holds the two equal.
/// </summary>
internal static class PostgresSearchPage
{
    public static bool Serves(AppDbContext db, ActorView view, string listedPath, DeviceListRequest request) =>
        db.IsPostgres && view.ManagesDevicesIn(listedPath) && request.IncludeSubOrganizations
        && request.SortBy == DeviceSort.Name && !request.Descending && request.Skip <= 0 && (request.Tags ?? []).Count == 0
        && !string.IsNullOrWhiteSpace(request.Search) && DeviceSearch.CanSearch(request.Search.Trim());

    public static Task<List<DeviceQueries.PageRow>> ReadAsync(AppDbContext db, string listedPath, DeviceListRequest request, int take,
        PageCursors.Key? after, CancellationToken ct = default)
    {
        // The first page is the page after ("", 0): every device has a name, and every ID is positive.
        var pattern = $"%{DeviceSearch.EscapeLike(request.Search!.Trim())}%";
        object[] arguments = request.Status is { } status
            ? [listedPath, OrganizationPath.SubtreeUpperBound(listedPath), after?.Text ?? "", (int)(after?.Id ?? 0), pattern, (int)status]
            : [listedPath, OrganizationPath.SubtreeUpperBound(listedPath), after?.Text ?? "", (int)(after?.Id ?? 0), pattern];
        return RawStatement.ListAsync(db, Texts.GetOrAdd((take, request.Status is not null), Sql), arguments, DefaultDevicePage.Read, ct);
    }

    // One text per page size (RawStatement.PageSize) and with or without a status: a few in all.
    private static readonly ConcurrentDictionary<(int Take, bool Status), string> Texts = new();

    // The matches as DeviceQueries.Matching finds them (each side of the union served by its GIN index), checked
    // against the subtree once; then the page after the key by a narrow sort, its columns, tags and the matches' count.
    private static string Sql((int Take, bool Status) shape) => $$"""
        WITH s AS MATERIALIZED (
            SELECT x."Id", x."Name" FROM "Devices" AS x INNER JOIN "Organizations" AS xo ON xo."Id" = x."OrganizationId"
            WHERE xo."Path" >= {0} AND xo."Path" < {1} {{(shape.Status ? """AND x."Status" = {5}""" : "")}} AND x."Id" IN (
                SELECT m."Id" FROM "Devices" AS m WHERE m."Name" ILIKE {4} ESCAPE '\' OR m."SerialNumber" ILIKE {4} ESCAPE '\'
                UNION
                SELECT m."Id" FROM "Devices" AS m WHERE m."OwnerId" IN (
                    SELECT u."Id" FROM "AspNetUsers" AS u WHERE u."Email" ILIKE {4} ESCAPE '\')))
        {{DefaultDevicePage.Columns}}
               (SELECT coalesce(json_agg(t."Name"), '[]')::text FROM "DeviceTags" AS t WHERE t."DeviceId" = d."Id"),
               (SELECT count(*)::integer FROM s)
        FROM (SELECT s."Id" FROM s WHERE s."Name" > {2} OR (s."Name" = {2} AND s."Id" > {3})
              ORDER BY s."Name", s."Id" LIMIT {{RawStatement.PageSize(shape.Take)}}) AS p
        INNER JOIN "Devices" AS d ON d."Id" = p."Id"
        INNER JOIN "Organizations" AS o ON o."Id" = d."OrganizationId"
        ORDER BY d."Name", d."Id"
        """;
}
