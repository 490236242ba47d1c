using System.Collections.Concurrent;
using System.Data.Common;
using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// D10's reads. A device's history is read whenever its page opens, so its page is one hand-written
/// statement (<see cref="RawStatement"/>) that also reads what were five commands more: the device
/// with its organization, for the role check; where each entry's organizations are now and which of
/// its actors and whether its owner the reader sees, for the redaction (L3); and the count behind a
/// full page's total. The entries are read only when the device lies in a subtree the actor manages,
/// so a device outside the view costs what a missing one costs; the role check itself stays
/// <see cref="AccessService.RequireDeviceRole"/>. The predicate
/// is <see cref="AuditQueries.DeviceEntries"/>'s, whose plan <c>DeviceHistoryCostTests</c> reads.
/// </summary>
internal static class DeviceHistoryReads
{
    /// <summary>
    /// The device (null when there is none), a page of its entries, the current paths of their organizations, the
    /// entries counted from the page's start (up to the page and <see cref="AuditQueries.TotalLookahead"/> more), and
    /// the accounts already judged (A4): the entries' actors and the device's owner, whose email its entries name most.
    /// </summary>
    public sealed record Page(DeviceLookup? Device, List<AuditEntryData> Entries, Dictionary<int, string> CurrentPaths,
        int CountedFromStart, AuditRedactor.JudgedAccounts Accounts);

    public static async Task<Page> ReadAsync(AppDbContext db, ActorView view, int deviceId, string targetId, int skip, int take,
        (DateTime At, long Id)? after, CancellationToken ct)
    {
        var arguments = new List<object> { deviceId, targetId, after is null ? skip : 0 };
        if (after is { } key)
        {
            arguments.Add(DateTime.SpecifyKind(key.At, DateTimeKind.Utc));
            arguments.Add(key.Id);
        }
        var managed = view.ManagedSubtrees;
        PathFilter.AddBounds(arguments, managed);
        AccountVisibilitySql.AddArguments(arguments, view, db.Now);
        var sql = Texts.GetOrAdd((db.IsPostgres, managed.Count, after is not null, take), shape => Sql(db, shape));
        await using var reader = await RawStatement.ExecuteReaderAsync(db, sql, [.. arguments], ct);
        return await AssembleAsync(reader.DbDataReader, ct);
    }

    // One text per shape (provider, subtrees managed, by key or not, page size: RawStatement.PageSize), written once: a few in all.
    private static readonly ConcurrentDictionary<(bool Postgres, int Subtrees, bool After, int Take), string> Texts = new();

    private static string Sql(AppDbContext db, (bool Postgres, int Subtrees, bool After, int Take) shape)
    {
        var afterKey = shape.After ? """AND (a."At" < {3} OR (a."At" = {3} AND a."Id" < {4}))""" : "";
        var firstBound = shape.After ? 5 : 3;
        var managed = PathFilter.InAnySubtreeSql("d.\"Path\"", shape.Subtrees, firstBound);
        var accountArguments = firstBound + 2 * shape.Subtrees;
        var actorVisible = AccountVisibilitySql.Visible(db, "pa.\"ActorId\"", shape.Subtrees, accountArguments);
        var ownerVisible = AccountVisibilitySql.Visible(db, "d.\"OwnerId\"", shape.Subtrees, accountArguments);
        var entries = $$"""
            "AuditEntries" AS a WHERE a."TargetType" = '{{AuditTargets.Device}}' AND a."TargetId" = {1} {{afterKey}}
              AND EXISTS (SELECT 1 FROM d WHERE {{managed}})
            """;
        // The count runs to the page and TotalLookahead entries more: enough for the page's total (AuditQueries.TotalAsync).
        return $$"""
            WITH d AS (
                SELECT x."OrganizationId", x."OwnerId", o."Path", o."Name", ou."NormalizedEmail" AS "OwnerEmail" FROM "Devices" AS x
                INNER JOIN "Organizations" AS o ON o."Id" = x."OrganizationId"
                LEFT JOIN "AspNetUsers" AS ou ON ou."Id" = x."OwnerId" WHERE x."Id" = {0}),
            p AS (
                SELECT a."Id", a."ActorId" FROM {{entries}}
                ORDER BY a."At" DESC, a."Id" DESC LIMIT {{RawStatement.PageSize(shape.Take)}} OFFSET {2}),
            n AS (
                SELECT count(*) AS "Counted" FROM (SELECT 1 AS "One" FROM {{entries}}
                LIMIT {{RawStatement.PageSize(shape.Take + AuditQueries.TotalLookahead + 1)}} OFFSET {2}) AS c),
            -- The page's own actors: taken over a join with the audit table, SQLite walked its whole actor index (12 ms).
            pa AS (
                SELECT DISTINCT p."ActorId" FROM p),
            va AS (
                SELECT pa."ActorId" FROM pa WHERE pa."ActorId" IS NOT NULL AND {{actorVisible}}),
            -- Materialized: inlined, PostgreSQL judged the owner once per row of the page.
            w AS MATERIALIZED (
                SELECT CASE WHEN ({{managed}}) AND {{ownerVisible}} THEN 1 ELSE 0 END AS "OwnerVisible" FROM d)
            SELECT d."OrganizationId", d."OwnerId", d."Path", d."Name", n."Counted",
                   d."OwnerEmail", w."OwnerVisible",
                   e."Id", e."At", e."ActorId", e."ActorEmail", e."Action", e."TargetType", e."TargetId", e."TargetName",
                   e."Summary", e."Before", e."After",
                   CASE WHEN e."ActorId" IN (SELECT va."ActorId" FROM va) THEN 1 ELSE 0 END,
                   ao."Part", ao."OrganizationId", ao."Name", ao."Path", cur."Path"
            FROM d
            CROSS JOIN n
            CROSS JOIN w
            LEFT JOIN p ON 1 = 1
            LEFT JOIN "AuditEntries" AS e ON e."Id" = p."Id"
            LEFT JOIN "AuditOrganizations" AS ao ON ao."AuditEntryId" = e."Id"
            LEFT JOIN "Organizations" AS cur ON cur."Id" = ao."OrganizationId"
            ORDER BY e."At" DESC, e."Id" DESC, ao."Id"
            """;
    }

    // Each row is an entry beside one of its organizations (or the device alone): an entry's own columns are read
    // from its first row only, and the device from the first row of all.
    private static async Task<Page> AssembleAsync(DbDataReader r, CancellationToken ct)
    {
        if (!await r.ReadAsync(ct))
            return new Page(null, [], [], 0, new AuditRedactor.JudgedAccounts([], []));
        var device = new DeviceLookup(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3));
        var counted = (int)r.GetInt64(4);
        var entries = new List<AuditEntryData>();
        var currentPaths = new Dictionary<int, string>();
        var accounts = new AuditRedactor.JudgedAccounts(new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));
        if (!r.IsDBNull(5))
            accounts.AccountByEmail[r.GetString(5)] = device.OwnerId;
        if (r.GetInt32(6) == 1)
            accounts.Visible.Add(device.OwnerId);
        do
        {
            if (r.IsDBNull(7)) continue;
            var id = r.GetInt64(7);
            if (entries.Count == 0 || entries[^1].Id != id)
            {
                var actorId = r.IsDBNull(9) ? null : r.GetString(9);
                entries.Add(new AuditEntryData(id, r.GetDateTime(8), actorId, r.GetString(10), r.GetString(11), r.GetString(12),
                    r.GetString(13), r.GetString(14), r.GetString(15), r.IsDBNull(16) ? null : r.GetString(16),
                    r.IsDBNull(17) ? null : r.GetString(17), []));
                if (actorId is not null && r.GetInt32(18) == 1)
                    accounts.Visible.Add(actorId);
            }
            if (r.IsDBNull(19)) continue;
            var place = new AuditPlaceData(r.GetString(19), r.GetInt32(20), r.GetString(21), r.GetString(22));
            entries[^1].Organizations.Add(place);
            // A deleted organization has no current path, and is judged by its stored one.
            if (!r.IsDBNull(23))
                currentPaths[place.OrganizationId] = r.GetString(23);
        } while (await r.ReadAsync(ct));
        return new Page(device, entries, currentPaths, counted, accounts);
    }

    /// <summary>Counts the device's entries up to a limit, for a page past the end.</summary>
    public static Task<int> CountUpToAsync(AppDbContext db, string targetId, int limit) => CountUpTo(db, targetId, limit);

    private static readonly Func<AppDbContext, string, int, Task<int>> CountUpTo = EF.CompileAsyncQuery(
        (AppDbContext db, string targetId, int limit) => db.AuditEntries
            .Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId).Take(limit).Count());

}
