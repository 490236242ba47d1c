using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Sql;

internal sealed class PostgresTransferAuditSql : TransferAuditSql
{
    public static readonly PostgresTransferAuditSql Instance = new();

    // One statement: IDs from the identity sequence (writers of other trees insert meanwhile), entries, then their organizations.
    // Each distinct email and organization name is encoded once as System.Text.Json does by default: printable ASCII other
    // than " & ' + < > \ ` stays, \b \t \n \f \r and \\ are short escapes, everything else is \uXXXX (UTF-16, upper-case hex).
    public override async Task<int> InsertAsync(AppDbContext db, TransferAuditBatch b, CancellationToken ct)
    {
        var ids = JsonSerializer.Serialize(b.DeviceIds);
        var (newOwnerJson, destinationJson) = (b.NewOwnerEmail is null ? null : b.JsonString(b.NewOwnerEmail), b.JsonString(b.DestinationName));
        var organizations = await db.Database.ExecuteSqlAsync($$"""
            WITH moving AS MATERIALIZED (
                SELECT d."Id", d."Name", d."Version", o."Id" AS "OrgId", o."Name" AS "OrgName", o."Path" AS "OrgPath", u."Email",
                       nextval(pg_get_serial_sequence('"AuditEntries"', 'Id')) AS "EntryId"
                FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId" JOIN "AspNetUsers" u ON u."Id" = d."OwnerId"
                WHERE d."Id" IN (SELECT value::int FROM jsonb_array_elements_text({{ids}}::jsonb))),
            texts AS (
                SELECT DISTINCT t FROM moving, LATERAL (VALUES ("Email"), ("OrgName")) AS v(t) WHERE t IS NOT NULL),
            encoded AS (
                SELECT t, CASE WHEN t ~ '^[ !#-%(-*,-;=?-\[\]-_a-~]*$' THEN '"' || t || '"' ELSE (
                    SELECT '"' || string_agg(CASE
                        WHEN c ~ '^[ !#-%(-*,-;=?-\[\]-_a-~]$' THEN c
                        WHEN c = '\' THEN '\\'
                        WHEN c = E'\b' THEN '\b' WHEN c = E'\t' THEN '\t' WHEN c = E'\n' THEN '\n'
                        WHEN c = E'\f' THEN '\f' WHEN c = E'\r' THEN '\r'
                        WHEN ascii(c) > 65535 THEN
                            '\u' || upper(lpad(to_hex(55296 + ((ascii(c) - 65536) >> 10)), 4, '0'))
                            || '\u' || upper(lpad(to_hex(56320 + ((ascii(c) - 65536) & 1023)), 4, '0'))
                        ELSE '\u' || upper(lpad(to_hex(ascii(c)), 4, '0')) END, '' ORDER BY n) || '"'
                    FROM regexp_split_to_table(t, '') WITH ORDINALITY AS s(c, n)) END AS j
                FROM texts),
            entries AS (
                INSERT INTO "AuditEntries" ("Id", "At", "ActorId", "ActorEmail", "Action", "TargetType", "TargetId", "TargetName",
                    "Summary", "Before", "After")
                SELECT m."EntryId", {{b.At}}, {{b.ActorId}}, {{b.ActorEmail}}, {{b.Action}}, {{b.TargetType}}, CAST(m."Id" AS text), m."Name",
                       'Transferred ' || m."Name" || ' from ' || m."OrgName" || ' (' || coalesce(m."Email", '') || ') to '
                           || {{b.DestinationName}} || ' (' || coalesce({{b.NewOwnerEmail}}::text, m."Email", '') || ')',
                       '{"owner":' || coalesce(owner.j, 'null') || ',"organization":' || organization.j
                           || ',"version":"' || m."Version"::text || '"}',
                       '{"owner":' || coalesce({{newOwnerJson}}::text, owner.j, 'null') || ',"organization":' || {{destinationJson}}
                           || ',"version":"' || {{b.VersionAfter}} || '"}'
                FROM moving m LEFT JOIN encoded owner ON owner.t = m."Email" JOIN encoded organization ON organization.t = m."OrgName"
                ORDER BY m."EntryId")
            INSERT INTO "AuditOrganizations" ("AuditEntryId", "Part", "OrganizationId", "Name", "Path")
            SELECT "EntryId", "Part", "OrganizationId", "Name", "Path" FROM (
                SELECT "EntryId", 0 AS "Ord", {{b.SourcePart}}::text AS "Part", "OrgId" AS "OrganizationId", "OrgName" AS "Name", "OrgPath" AS "Path"
                FROM moving
                UNION ALL
                SELECT "EntryId", 1, {{b.DestinationPart}}::text, {{b.DestinationId}}, {{b.DestinationName}}::text, {{b.DestinationPath}}::text
                FROM moving) AS places
            ORDER BY "EntryId", "Ord"
            """, ct);
        return organizations / 2;
    }
}
