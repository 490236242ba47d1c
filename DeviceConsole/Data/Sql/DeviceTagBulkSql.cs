using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Sql;

/// <summary>
/// Inserts many device tags in one command, fed as one JSON array of
/// <c>{ DeviceId, NormalizedName, Name }</c>: SQLite's <c>json_each</c>, PostgreSQL's <c>jsonb_to_recordset</c>.
/// </summary>
public static class DeviceTagBulkSql
{
    public static async Task InsertAsync(AppDbContext db, string tagsJson, CancellationToken ct)
    {
        if (db.IsPostgres)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "DeviceTags" ("DeviceId", "NormalizedName", "Name")
                SELECT "DeviceId", "NormalizedName", "Name"
                FROM jsonb_to_recordset({tagsJson}::jsonb) AS t("DeviceId" integer, "NormalizedName" text, "Name" text)
                """, ct);
        else
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO DeviceTags (DeviceId, NormalizedName, Name)
                SELECT value ->> '$.DeviceId', value ->> '$.NormalizedName', value ->> '$.Name' FROM json_each({tagsJson})
                """, ct);
    }
}
