using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Sql;

internal sealed class SqliteTransferAuditSql : TransferAuditSql
{
    public static readonly SqliteTransferAuditSql Instance = new();

    public override async Task<int> InsertAsync(AppDbContext db, TransferAuditBatch b, CancellationToken ct)
    {
        // SQLite's json_quote escapes differently from System.Text.Json: the entry's own encoder runs inside the statement.
        ((SqliteConnection)db.Database.GetDbConnection()).CreateFunction<string?, string>("audit_json_string", b.JsonString, isDeterministic: true);
        // The caller is the only writer (BEGIN IMMEDIATE, A3), so the IDs after the current maximum are free.
        var last = await db.AuditEntries.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var ids = JsonSerializer.Serialize(b.DeviceIds);
        var (newOwnerJson, destinationJson) = (b.NewOwnerEmail is null ? null : b.JsonString(b.NewOwnerEmail), b.JsonString(b.DestinationName));

        // Entries are numbered by device ID in both statements, so each organization row finds its entry.
        var written = await db.Database.ExecuteSqlAsync($$"""
            WITH moving AS (
                SELECT d.Id, d.Name, d.Version, o.Name AS OrgName, u.Email,
                       {{last}} + row_number() OVER (ORDER BY d.Id) AS EntryId
                FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId JOIN AspNetUsers u ON u.Id = d.OwnerId
                WHERE d.Id IN (SELECT value FROM json_each({{ids}})))
            INSERT INTO AuditEntries (Id, At, ActorId, ActorEmail, Action, TargetType, TargetId, TargetName, Summary, Before, After)
            SELECT EntryId, {{b.At}}, {{b.ActorId}}, {{b.ActorEmail}}, {{b.Action}}, {{b.TargetType}}, CAST(Id AS TEXT), Name,
                   'Transferred ' || Name || ' from ' || OrgName || ' (' || coalesce(Email, '') || ') to '
                       || {{b.DestinationName}} || ' (' || coalesce({{b.NewOwnerEmail}}, Email, '') || ')',
                   '{"owner":' || audit_json_string(Email) || ',"organization":' || audit_json_string(OrgName)
                       || ',"version":"' || lower(Version) || '"}',
                   '{"owner":' || coalesce({{newOwnerJson}}, audit_json_string(Email)) || ',"organization":' || {{destinationJson}}
                       || ',"version":"' || {{b.VersionAfter}} || '"}'
            FROM moving ORDER BY EntryId
            """, ct);
        await db.Database.ExecuteSqlAsync($$"""
            WITH moving AS (
                SELECT o.Id AS OrgId, o.Name AS OrgName, o.Path AS OrgPath, {{last}} + row_number() OVER (ORDER BY d.Id) AS EntryId
                FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId JOIN AspNetUsers u ON u.Id = d.OwnerId
                WHERE d.Id IN (SELECT value FROM json_each({{ids}})))
            INSERT INTO AuditOrganizations (AuditEntryId, Part, OrganizationId, Name, Path)
            SELECT EntryId, Part, OrganizationId, Name, Path FROM (
                SELECT EntryId, 0 AS Ord, {{b.SourcePart}} AS Part, OrgId AS OrganizationId, OrgName AS Name, OrgPath AS Path FROM moving
                UNION ALL
                SELECT EntryId, 1, {{b.DestinationPart}}, {{b.DestinationId}}, {{b.DestinationName}}, {{b.DestinationPath}} FROM moving)
            ORDER BY EntryId, Ord
            """, ct);
        return written;
    }
}
