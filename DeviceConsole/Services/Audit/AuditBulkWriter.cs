using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Data.Sql;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// Persists the audit entries that <see cref="AuditLog"/> added to a context in three SQL
/// commands, whatever their number: EF Core sends one INSERT per row on SQLite, which would make
/// a bulk transfer cost one round trip per device (D8). Runs inside the caller's transaction; the
/// provider's SQL (<see cref="AuditBulkSql"/>) reserves the IDs and reads the JSON.
/// </summary>
public static class AuditBulkWriter
{
    public static async Task SaveAddedAsync(AppDbContext db, CancellationToken ct = default)
    {
        var added = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0) return;

        var sql = AuditBulkSql.For(db);
        var ids = await sql.ReserveEntryIdsAsync(db, added.Count, ct);
        var entries = added.Select((e, i) => new
        {
            Id = ids[i], At = sql.FormatTime(e.At), e.ActorId, e.ActorEmail, e.Action,
            e.TargetType, e.TargetId, e.TargetName, e.Summary, e.Before, e.After,
        });
        var organizations = added.SelectMany((e, i) => e.Organizations.Select(o => new
        {
            AuditEntryId = ids[i], o.Part, o.OrganizationId, o.Name, o.Path,
        }));
        var entriesJson = JsonSerializer.Serialize(entries);
        var organizationsJson = JsonSerializer.Serialize(organizations);

        await sql.InsertEntriesAsync(db, entriesJson, ct);
        await sql.InsertOrganizationsAsync(db, organizationsJson, ct);

        // Written: the context must not insert them a second time.
        foreach (var entry in added)
        {
            foreach (var organization in entry.Organizations.ToList())
                db.Entry(organization).State = EntityState.Detached;
            db.Entry(entry).State = EntityState.Detached;
        }
    }
}
