using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Sql;

internal sealed class PostgresAuditBulkSql : AuditBulkSql
{
    public static readonly PostgresAuditBulkSql Instance = new();

    // Writers of different trees run at the same time here, so IDs come from the identity sequence, never from MAX.
    public override async Task<IReadOnlyList<long>> ReserveEntryIdsAsync(AppDbContext db, int count, CancellationToken ct) =>
        await db.Database.SqlQuery<long>($"""
            SELECT nextval(pg_get_serial_sequence('"AuditEntries"', 'Id')) AS "Value" FROM generate_series(1, {count})
            """).ToListAsync(ct);

    public override string FormatTime(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    public override async Task InsertEntriesAsync(AppDbContext db, string entriesJson, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AuditEntries" ("Id", "At", "ActorId", "ActorEmail", "Action", "TargetType", "TargetId", "TargetName", "Summary", "Before", "After")
            SELECT "Id", "At", "ActorId", "ActorEmail", "Action", "TargetType", "TargetId", "TargetName", "Summary", "Before", "After"
            FROM jsonb_to_recordset({entriesJson}::jsonb) AS e("Id" bigint, "At" timestamptz, "ActorId" text, "ActorEmail" text,
                "Action" text, "TargetType" text, "TargetId" text, "TargetName" text, "Summary" text, "Before" text, "After" text)
            """, ct);

    public override async Task InsertOrganizationsAsync(AppDbContext db, string organizationsJson, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AuditOrganizations" ("AuditEntryId", "Part", "OrganizationId", "Name", "Path")
            SELECT "AuditEntryId", "Part", "OrganizationId", "Name", "Path"
            FROM jsonb_to_recordset({organizationsJson}::jsonb) AS o("AuditEntryId" bigint, "Part" text, "OrganizationId" integer, "Name" text, "Path" text)
            """, ct);
}
