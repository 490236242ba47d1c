using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Sql;

internal sealed class SqliteAuditBulkSql : AuditBulkSql
{
    public static readonly SqliteAuditBulkSql Instance = new();

    // EF Core's text format for DateTime on SQLite.
    private const string SqliteDateTime = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    // The caller is the only writer (BEGIN IMMEDIATE, A3), so the IDs after the current maximum are free.
    public override async Task<IReadOnlyList<long>> ReserveEntryIdsAsync(AppDbContext db, int count, CancellationToken ct)
    {
        var first = (await db.AuditEntries.MaxAsync(e => (long?)e.Id, ct) ?? 0) + 1;
        return Enumerable.Range(0, count).Select(i => first + i).ToList();
    }

    public override string FormatTime(DateTime utc) => utc.ToString(SqliteDateTime, CultureInfo.InvariantCulture);

    public override async Task InsertEntriesAsync(AppDbContext db, string entriesJson, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO AuditEntries (Id, At, ActorId, ActorEmail, Action, TargetType, TargetId, TargetName, Summary, Before, After)
            SELECT value ->> '$.Id', value ->> '$.At', value ->> '$.ActorId', value ->> '$.ActorEmail', value ->> '$.Action',
                   value ->> '$.TargetType', value ->> '$.TargetId', value ->> '$.TargetName', value ->> '$.Summary',
                   value ->> '$.Before', value ->> '$.After'
            FROM json_each({entriesJson})
            """, ct);

    public override async Task InsertOrganizationsAsync(AppDbContext db, string organizationsJson, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO AuditOrganizations (AuditEntryId, Part, OrganizationId, Name, Path)
            SELECT value ->> '$.AuditEntryId', value ->> '$.Part', value ->> '$.OrganizationId', value ->> '$.Name', value ->> '$.Path'
            FROM json_each({organizationsJson})
            """, ct);
}
