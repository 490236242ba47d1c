using System.Text;
using DeviceConsole.Services.Audit;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>
/// The read floors in PostgreSQL's SQL: the same results by the best statement the schema allows
/// there (the per-organization counts, the pg_trgm GIN indexes through ILIKE, the C-collated paths).
/// </summary>
public sealed partial class ReadBenchmarks
{
    private const string PostgresSubtreeDevices = """
        SELECT d."Id", d."Name" FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId"
        WHERE o."Path" >= $lo AND o."Path" < $hi
        """;

    // L3 for an Admin of one subtree: an involved organization in it, or a device target managed there.
    private const string PostgresVisibleAudit = """
        SELECT e."Id", e."At" FROM "AuditEntries" e
        WHERE EXISTS (SELECT 1 FROM "AuditOrganizations" ao WHERE ao."AuditEntryId" = e."Id" AND ao."Path" >= $lo AND ao."Path" < $hi)
           OR (e."TargetType" = 'Device' AND e."TargetId" IN (
                SELECT CAST(d."Id" AS text) FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId"
                WHERE o."Path" >= $lo AND o."Path" < $hi))
        """;

    private const string PostgresSubtreeTotal = """
        SELECT coalesce(sum(c."Count"), 0) FROM "DeviceCounts" c JOIN "Organizations" o ON o."Id" = c."OrganizationId"
        WHERE o."Path" >= $lo AND o."Path" < $hi
        """;

    /// <summary>The page as the console returns it (see <see cref="PageRows"/>).</summary>
    private static string PostgresPageRows(string? with, string pageIds, string total) => $"""
        WITH {(with is null ? "" : with + ",")}
        page AS MATERIALIZED (SELECT d."Id", d."Name", d."SerialNumber", d."Status", d."LastSeenAt", d."Version", d."OrganizationId", d."OwnerId"
                              FROM ({pageIds}) p JOIN "Devices" d ON d."Id" = p."Id"),
        labels AS (SELECT o."Id", o."Path",
                          (SELECT string_agg(a."Name", ' / ' ORDER BY length(a."Path")) FROM "Organizations" a
                           WHERE a."Id" = ANY (string_to_array(trim(both '/' from o."Path"), '/')::integer[])) AS "Label"
                   FROM "Organizations" o WHERE o."Id" IN (SELECT "OrganizationId" FROM page))
        SELECT ({total}), r."Id", r."Name", r."SerialNumber", r."Status", r."LastSeenAt", r."Version", l."Path", l."Label",
               (SELECT u."Email" FROM "AspNetUsers" u WHERE u."Id" = r."OwnerId"),
               (SELECT string_agg(t."Name", ',') FROM "DeviceTags" t WHERE t."DeviceId" = r."Id")
        FROM page r JOIN labels l ON l."Id" = r."OrganizationId"
        ORDER BY r."Name", r."Id"
        """;

    private async Task<string> PostgresViewAsync(BenchmarkActor actor)
    {
        var rows = await floor.QueryAsync("""
            SELECT max(m."Role") FROM "Memberships" m JOIN "Organizations" o ON o."Id" = m."OrganizationId"
            WHERE m."AccountId" = $account AND $path >= o."Path" AND substr($path, 1, length(o."Path")) = o."Path"
            """, ("$account", actor.AccountId), ("$path", actor.Path));
        return rows[0][0] is long role ? ((Domain.Role)role).ToString() : "none";
    }

    private async Task<string> PostgresFirstPageAsync(BenchmarkActor actor)
    {
        var rows = await floor.QueryAsync(
            PostgresPageRows($"s AS ({PostgresSubtreeDevices})", $"SELECT \"Id\" FROM s ORDER BY \"Name\", \"Id\" LIMIT {PageSize}", PostgresSubtreeTotal),
            Range(actor));
        return Fingerprint(rows);
    }

    private async Task<string> PostgresKeysetPageAsync(BenchmarkActor actor, int offset)
    {
        if (!_keys.TryGetValue(actor.Label, out var last))
        {
            // The key of the row before the page, as a pager holding the previous page's last row has it.
            var key = await floor.QueryAsync($"""{PostgresSubtreeDevices} ORDER BY d."Name", d."Id" LIMIT 1 OFFSET {offset - 1}""", Range(actor));
            _keys[actor.Label] = last = ((string)key[0][1]!, (long)key[0][0]!);
        }
        var rows = await floor.QueryAsync(
            PostgresPageRows(null, $"""{PostgresSubtreeDevices} AND (d."Name", d."Id") > ($name, $id) ORDER BY d."Name", d."Id" LIMIT {PageSize}""",
                PostgresSubtreeTotal),
            [.. Range(actor), ("$name", last.Name), ("$id", last.Id)]);
        return Fingerprint(rows);
    }

    private async Task<string> PostgresSearchAsync(BenchmarkActor actor, string term)
    {
        const string matching = $"""
            s AS ({PostgresSubtreeDevices} AND d."Id" IN (
                SELECT "Id" FROM "Devices" WHERE "Name" ILIKE $like OR "SerialNumber" ILIKE $like
                UNION SELECT "Id" FROM "Devices" WHERE "OwnerId" IN (SELECT "Id" FROM "AspNetUsers" WHERE "Email" ILIKE $like)))
            """;
        var rows = await floor.QueryAsync(
            PostgresPageRows(matching, $"SELECT \"Id\" FROM s ORDER BY \"Name\", \"Id\" LIMIT {PageSize}", "SELECT count(*) FROM s"),
            [.. Range(actor), ("$like", $"%{term}%")]);
        return Fingerprint(rows);
    }

    private async Task<string> PostgresAuditPageAsync(BenchmarkActor actor)
    {
        var rows = await floor.QueryAsync($"""
            WITH v AS ({PostgresVisibleAudit})
            SELECT (SELECT least(count(*), {Capped}) FROM (SELECT 1 FROM v LIMIT {Capped + 1}) c), "Id"
            FROM (SELECT "Id" FROM v ORDER BY "At" DESC, "Id" DESC LIMIT {PageSize}) p
            """, Range(actor));
        return Fingerprint(rows);
    }

    private async Task<string> PostgresHistoryAsync(int deviceId)
    {
        var rows = await floor.QueryAsync($"""
            WITH v AS (SELECT "Id", "At" FROM "AuditEntries" WHERE "TargetType" = 'Device' AND "TargetId" = $id)
            SELECT (SELECT count(*) FROM v), e."Id", e."At", e."ActorId", e."ActorEmail", e."Action", e."TargetName", e."Summary",
                   e."Before", e."After",
                   (SELECT string_agg(ao."Part" || ':' || ao."OrganizationId" || ':' || ao."Name" || ':' || ao."Path", ';' ORDER BY ao."Id")
                    FROM "AuditOrganizations" ao WHERE ao."AuditEntryId" = e."Id")
            FROM (SELECT "Id" FROM v ORDER BY "At" DESC, "Id" DESC LIMIT {PageSize}) p JOIN "AuditEntries" e ON e."Id" = p."Id"
            ORDER BY e."At" DESC, e."Id" DESC
            """, ("$id", deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Fingerprint(rows);
    }

    private async Task<string> PostgresExportAsync(BenchmarkActor actor)
    {
        long sum = 0;
        await using var writer = new StreamWriter(Stream.Null, new UTF8Encoding(true));
        await AuditCsv.WriteHeaderAsync(writer);
        var fields = new string[10];
        var count = await floor.StreamAsync($"""
            WITH v AS ({PostgresVisibleAudit})
            SELECT e."Id", to_char(e."At" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), e."ActorEmail", e."Action", e."TargetType",
                   e."TargetId", e."TargetName",
                   (SELECT string_agg(ao."Name", ' → ' ORDER BY ao."Id") FROM "AuditOrganizations" ao WHERE ao."AuditEntryId" = e."Id"),
                   e."Summary", e."Before", e."After"
            FROM v JOIN "AuditEntries" e ON e."Id" = v."Id" ORDER BY v."At" DESC, v."Id" DESC
            """, async reader =>
            {
                sum += reader.GetInt64(0);
                for (var i = 1; i < 11; i++)
                    fields[i - 1] = reader.IsDBNull(i) ? "" : reader.GetString(i);
                await AuditCsv.WriteRecordAsync(writer, fields);
            }, Range(actor));
        return $"{count}:{sum}";
    }
}
