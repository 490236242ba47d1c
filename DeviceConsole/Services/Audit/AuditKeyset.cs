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

    public static IQueryable<AuditEntry> After(IQueryable<AuditEntry> entries, bool oldestFirst, PageCursors.Key key)
    {
        var at = new DateTime(key.Number ?? 0, DateTimeKind.Utc);
        var id = key.Id;
        return oldestFirst
            ? entries.Where(e => e.At > at || (e.At == at && e.Id > id))
            : entries.Where(e => e.At < at || (e.At == at && e.Id < id));
    }
}
