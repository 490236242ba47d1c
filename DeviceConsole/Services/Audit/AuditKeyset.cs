using DeviceConsole.Domain;
using DeviceConsole.Services.Common;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// Keyset paging of the audit log: the next page starts after the last entry's (time, ID), the
/// order the log is read in (ties broken by ID), so a deep page reads only its own entries.
/// </summary>
public static class AuditKeyset
{
    public static PageCursors.Key KeyOf(DateTime at, long id) => new(null, at.Ticks, id);

    /// <summary>The entry a cursor's key names: its time and ID.</summary>
    public static (DateTime At, long Id) PositionOf(PageCursors.Key key) => (new DateTime(key.Number ?? 0, DateTimeKind.Utc), key.Id);

    public static IQueryable<AuditEntry> After(IQueryable<AuditEntry> entries, bool oldestFirst, PageCursors.Key key) =>
        After(entries, oldestFirst, PositionOf(key));

    public static IQueryable<AuditEntry> After(IQueryable<AuditEntry> entries, bool oldestFirst, (DateTime At, long Id) position)
    {
        var (at, id) = position;
        return oldestFirst
            ? entries.Where(e => e.At > at || (e.At == at && e.Id > id))
            : entries.Where(e => e.At < at || (e.At == at && e.Id < id));
    }
}
