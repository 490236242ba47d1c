using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// D10's reads as compiled queries. A device's history is read whenever its page opens and its
/// shape never changes (the entries whose target is the device, newest first), so it need not pay
/// LINQ's per-call translation (about 100 µs a query here, against 30 µs compiled). The predicate
/// is <see cref="AuditQueries.DeviceEntries"/>'s, whose plan <c>DeviceHistoryCostTests</c> reads.
/// </summary>
internal static class DeviceHistoryReads
{
    public static AuditQueries.PageReads For(AppDbContext db, string targetId, int skip, int take, (DateTime At, long Id)? after) => new(
        () => (after is { } key ? PageAfter(db, targetId, key.At, key.Id, take) : Page(db, targetId, skip, take)).ToListAsync().AsTask(),
        (key, limit) => CountAfter(db, targetId, key.At, key.Id, limit),
        limit => CountUpTo(db, targetId, limit));

    private static readonly Func<AppDbContext, string, int, int, IAsyncEnumerable<AuditEntryData>> Page = EF.CompileAsyncQuery(
        (AppDbContext db, string targetId, int skip, int take) => db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(skip).Take(take)
            .Select(e => new AuditEntryData(e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName,
                e.Summary, e.Before, e.After,
                e.Organizations.OrderBy(o => o.Id).Select(o => new AuditPlaceData(o.Part, o.OrganizationId, o.Name, o.Path)).ToList())));

    private static readonly Func<AppDbContext, string, DateTime, long, int, IAsyncEnumerable<AuditEntryData>> PageAfter = EF.CompileAsyncQuery(
        (AppDbContext db, string targetId, DateTime at, long id, int take) => db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId)
            .Where(e => e.At < at || (e.At == at && e.Id < id))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(take)
            .Select(e => new AuditEntryData(e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.TargetType, e.TargetId, e.TargetName,
                e.Summary, e.Before, e.After,
                e.Organizations.OrderBy(o => o.Id).Select(o => new AuditPlaceData(o.Part, o.OrganizationId, o.Name, o.Path)).ToList())));

    private static readonly Func<AppDbContext, string, int, Task<int>> CountUpTo = EF.CompileAsyncQuery(
        (AppDbContext db, string targetId, int limit) => db.AuditEntries
            .Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId).Take(limit).Count());

    private static readonly Func<AppDbContext, string, DateTime, long, int, Task<int>> CountAfter = EF.CompileAsyncQuery(
        (AppDbContext db, string targetId, DateTime at, long id, int limit) => db.AuditEntries
            .Where(e => e.TargetType == AuditTargets.Device && e.TargetId == targetId)
            .Where(e => e.At < at || (e.At == at && e.Id < id)).Take(limit).Count());
}
