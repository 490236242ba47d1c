using System.Globalization;
using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// Persists the audit entries that <see cref="AuditLog"/> added to a context in three SQL
/// commands, whatever their number: EF Core sends one INSERT per row on SQLite, which would make
/// a bulk transfer cost one round trip per device (D8). Runs inside the caller's transaction, as
/// the caller's only writer (A3), so the IDs it assigns after the current maximum are free.
/// </summary>
public static class AuditBulkWriter
{
    // EF Core's text format for DateTime on SQLite, so the rows read back like any other entry.
    private const string SqliteDateTime = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static async Task SaveAddedAsync(AppDbContext db, CancellationToken ct = default)
    {
        var added = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0) return;

        var firstId = (await db.AuditEntries.MaxAsync(e => (long?)e.Id, ct) ?? 0) + 1;
        var entries = added.Select((e, i) => new
        {
            Id = firstId + i, At = e.At.ToString(SqliteDateTime, CultureInfo.InvariantCulture), e.ActorId, e.ActorEmail, e.Action,
            e.TargetType, e.TargetId, e.TargetName, e.Summary, e.Before, e.After,
        });
        var organizations = added.SelectMany((e, i) => e.Organizations.Select(o => new
        {
            AuditEntryId = firstId + i, o.Part, o.OrganizationId, o.Name, o.Path,
        }));
        var entriesJson = JsonSerializer.Serialize(entries);
        var organizationsJson = JsonSerializer.Serialize(organizations);

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO AuditEntries (Id, At, ActorId, ActorEmail, Action, TargetType, TargetId, TargetName, Summary, Before, After)
            SELECT value ->> '$.Id', value ->> '$.At', value ->> '$.ActorId', value ->> '$.ActorEmail', value ->> '$.Action',
                   value ->> '$.TargetType', value ->> '$.TargetId', value ->> '$.TargetName', value ->> '$.Summary',
                   value ->> '$.Before', value ->> '$.After'
            FROM json_each({entriesJson})
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO AuditOrganizations (AuditEntryId, Part, OrganizationId, Name, Path)
            SELECT value ->> '$.AuditEntryId', value ->> '$.Part', value ->> '$.OrganizationId', value ->> '$.Name', value ->> '$.Path'
            FROM json_each({organizationsJson})
            """, ct);

        // Written: the context must not insert them a second time.
        foreach (var entry in added)
        {
            foreach (var organization in entry.Organizations.ToList())
                db.Entry(organization).State = EntityState.Detached;
            db.Entry(entry).State = EntityState.Detached;
        }
    }
}
