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
/// statement (<see cref="RawStatement"/>, the same text on both providers) that also reads what was
/// three commands more: the device with its organization, for the role check, and where each
/// entry's organizations are now, for the redaction (L3). The entries are read only when the device
/// lies in a subtree the actor manages, so a device outside the view costs what a missing one
/// costs; the role check itself stays <see cref="AccessService.RequireDeviceRole"/>. The predicate
/// is <see cref="AuditQueries.DeviceEntries"/>'s, whose plan <c>DeviceHistoryCostTests</c> reads.
/// </summary>
internal static class DeviceHistoryReads
{
    /// <summary>The device (null when there is none), a page of its entries and the current paths of their organizations.</summary>
    public sealed record Page(DeviceLookup? Device, List<AuditEntryData> Entries, Dictionary<int, string> CurrentPaths);

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
        var sql = Texts.GetOrAdd((managed.Count, after is not null, take), Sql);
        var lines = await RawStatement.ListAsync(db, sql, [.. arguments], Line, ct);
        return lines.Count == 0 ? new Page(null, [], []) : Assemble(lines);
    }

    // One text per shape (subtrees managed, by key or not, page size: RawStatement.PageSize), written once: a few in all.
    private static readonly ConcurrentDictionary<(int Subtrees, bool After, int Take), string> Texts = new();

    private static string Sql((int Subtrees, bool After, int Take) shape)
    {
        var afterKey = shape.After ? """AND (a."At" < {3} OR (a."At" = {3} AND a."Id" < {4}))""" : "";
        var managed = PathFilter.InAnySubtreeSql("d.\"Path\"", shape.Subtrees, shape.After ? 5 : 3);
        return $$"""
            WITH d AS (
                SELECT x."OrganizationId", x."OwnerId", o."Path", o."Name" FROM "Devices" AS x
                INNER JOIN "Organizations" AS o ON o."Id" = x."OrganizationId" WHERE x."Id" = {0}),
            p AS (
                SELECT a."Id" FROM "AuditEntries" AS a
                WHERE a."TargetType" = '{{AuditTargets.Device}}' AND a."TargetId" = {1} {{afterKey}}
                  AND EXISTS (SELECT 1 FROM d WHERE {{managed}})
                ORDER BY a."At" DESC, a."Id" DESC LIMIT {{RawStatement.PageSize(shape.Take)}} OFFSET {2})
            SELECT d."OrganizationId", d."OwnerId", d."Path", d."Name",
                   e."Id", e."At", e."ActorId", e."ActorEmail", e."Action", e."TargetType", e."TargetId", e."TargetName",
                   e."Summary", e."Before", e."After", ao."Part", ao."OrganizationId", ao."Name", ao."Path", cur."Path"
            FROM d
            LEFT JOIN p ON 1 = 1
            LEFT JOIN "AuditEntries" AS e ON e."Id" = p."Id"
            LEFT JOIN "AuditOrganizations" AS ao ON ao."AuditEntryId" = e."Id"
            LEFT JOIN "Organizations" AS cur ON cur."Id" = ao."OrganizationId"
            ORDER BY e."At" DESC, e."Id" DESC, ao."Id"
            """;
    }

    /// <summary>One row of the statement: an entry beside one of its organizations, or the device alone.</summary>
    private sealed record HistoryLine(DeviceLookup Device, AuditEntryData? Entry, AuditPlaceData? Place, string? CurrentPath);

    private static HistoryLine Line(DbDataReader r)
    {
        var device = new DeviceLookup(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3));
        if (r.IsDBNull(4))
            return new HistoryLine(device, null, null, null);
        var entry = new AuditEntryData(r.GetInt64(4), r.GetDateTime(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7),
            r.GetString(8), r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12),
            r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetString(14), []);
        var place = r.IsDBNull(15) ? null : new AuditPlaceData(r.GetString(15), r.GetInt32(16), r.GetString(17), r.GetString(18));
        return new HistoryLine(device, entry, place, r.IsDBNull(19) ? null : r.GetString(19));
    }

    private static Page Assemble(List<HistoryLine> lines)
    {
        var entries = new List<AuditEntryData>();
        var currentPaths = new Dictionary<int, string>();
        foreach (var line in lines)
        {
            if (line.Entry is not { } entry) continue;
            if (entries.Count == 0 || entries[^1].Id != entry.Id)
                entries.Add(entry);
            if (line.Place is not { } place) continue;
            entries[^1].Organizations.Add(place);
            // A deleted organization has no current path, and is judged by its stored one.
            if (line.CurrentPath is { } path)
                currentPaths[place.OrganizationId] = path;
        }
        return new Page(lines[0].Device, entries, currentPaths);
    }

    /// <summary>Counts the device's entries after a position, up to a limit, for a full page's total.</summary>
    public static Task<int> CountAfterAsync(AppDbContext db, string targetId, (DateTime At, long Id) position, int limit) =>
        CountAfter(db, targetId, position.At, position.Id, limit);

    /// <summary>Counts the device's entries up to a limit, for a page past the end.</summary>
    public static Task<int> CountUpToAsync(AppDbContext db, string targetId, int limit) => CountUpTo(db, targetId, limit);

    private static readonly Func<AppDbContext, string, int, Task<int>> CountUpTo = EF.CompileAsyncQuery(
        (AppDbContext db, string targetId, int limit) => db.AuditEntries
            .Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId).Take(limit).Count());

    private static readonly Func<AppDbContext, string, DateTime, long, int, Task<int>> CountAfter = EF.CompileAsyncQuery(
        (AppDbContext db, string targetId, DateTime at, long id, int limit) => db.AuditEntries
            .Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId)
            .Where(e => e.At < at || (e.At == at && e.Id < id)).Take(limit).Count());
}
