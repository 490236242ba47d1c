using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Sql;

/// <summary>
/// The provider's own SQL for writing many audit rows in one command each, fed as one JSON
/// array: SQLite's <c>json_each</c>, PostgreSQL's <c>jsonb_to_recordset</c>.
/// </summary>
public abstract class AuditBulkSql
{
    public static AuditBulkSql For(AppDbContext db) =>
        db.IsPostgres ? PostgresAuditBulkSql.Instance : SqliteAuditBulkSql.Instance;

    /// <summary>IDs for <paramref name="count"/> new entries, inside the caller's transaction.</summary>
    public abstract Task<IReadOnlyList<long>> ReserveEntryIdsAsync(AppDbContext db, int count, CancellationToken ct);

    /// <summary>The provider's text for a UTC time inside the JSON, so rows read back like any other.</summary>
    public abstract string FormatTime(DateTime utc);

    public abstract Task InsertEntriesAsync(AppDbContext db, string entriesJson, CancellationToken ct);

    public abstract Task InsertOrganizationsAsync(AppDbContext db, string organizationsJson, CancellationToken ct);
}
