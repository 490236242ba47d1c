using System.Globalization;
using DeviceConsole.Services.Organizations;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>
/// The organization move preview beside one statement with the same result: what moves (counts),
/// every blocked device with its organization and owner (D1), every account whose role changes, and
/// the candidates to take the blocked devices over, as the preview lists them.
/// </summary>
public sealed partial class WriteBenchmarks
{
    private async Task<string> MovePreviewAsync(int organizationId, int newParentId)
    {
        actors.SignIn(Root);
        var preview = await services.GetRequiredService<OrganizationMoves>()
            .PreviewMoveAsync(new MoveOrganizationRequest(organizationId, newParentId, Root.AccountId));
        return MoveFingerprint(preview.SubOrganizations, preview.Devices, preview.DirectMemberships,
            preview.BlockedDevices.Select(d => $"{d.Id}:{d.Name}:{d.SerialNumber}:{d.OrganizationName}:{d.OwnerEmail}"),
            preview.RoleChanges.Select(c => $"{c.Email}:{c.Before}:{c.After}"),
            preview.OwnerCandidates.Select(c => $"{c.Email}:{c.Role}"));
    }

    private async Task<string> FloorMovePreviewAsync(int organizationId, int newParentId)
    {
        var rows = await floor.QueryAsync(floor.Sql(SqliteMovePreview, PostgresMovePreview), ("$id", (long)organizationId), ("$parent", (long)newParentId));
        string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        string Role(object? value) => value is null ? "" : ((Domain.Role)Convert.ToInt32(value, CultureInfo.InvariantCulture)).ToString();
        var counts = rows.Single(r => (string)r[0]! == "counts");
        return MoveFingerprint(Convert.ToInt64(counts[1]), Convert.ToInt64(counts[2]), Convert.ToInt64(counts[3]),
            rows.Where(r => (string)r[0]! == "blocked").Select(r => $"{Text(r[1])}:{r[2]}:{r[3]}:{r[4]}:{r[5]}"),
            rows.Where(r => (string)r[0]! == "role").Select(r => $"{r[3]}:{Role(r[1])}:{Role(r[2])}"),
            rows.Where(r => (string)r[0]! == "candidate").Select(r => $"{r[3]}:{Role(r[2])}"));
    }

    /// <summary>The same counts and the same rows, in an order of their own (the comparison sorts them).</summary>
    private static string MoveFingerprint(long subOrganizations, long devices, long memberships,
        IEnumerable<string> blocked, IEnumerable<string> roleChanges, IEnumerable<string> candidates) =>
        $"{subOrganizations} sub-organizations, {devices} devices, {memberships} memberships | "
        + string.Join(" | ", new[] { blocked, roleChanges, candidates }.Select(rows => string.Join(';', rows.Order(StringComparer.Ordinal))));

    // Roles on each chain by the highest membership (A1); a role change is an account whose highest role differs; the
    // candidates (shown only when a device is blocked) are the accounts with a role after the move.
    private const string SqliteMovePreview = """
        WITH x AS (SELECT Id, Path, substr(Path, 1, length(Path) - 1) || '0' AS Hi FROM Organizations WHERE Id = $id),
             np AS (SELECT Id, Path FROM Organizations WHERE Id = $parent),
             oldChain AS (SELECT a.Id FROM Organizations a, x WHERE x.Path >= a.Path AND substr(x.Path, 1, length(a.Path)) = a.Path),
             newChain AS (SELECT a.Id FROM Organizations a, np WHERE np.Path >= a.Path AND substr(np.Path, 1, length(a.Path)) = a.Path),
             roles AS (
                SELECT m.AccountId,
                       max(CASE WHEN m.OrganizationId IN (SELECT Id FROM oldChain) THEN m.Role END) AS Before,
                       max(CASE WHEN m.OrganizationId IN (SELECT Id FROM newChain) OR m.OrganizationId = $id THEN m.Role END) AS After
                FROM Memberships m WHERE m.OrganizationId IN (SELECT Id FROM oldChain UNION SELECT Id FROM newChain)
                GROUP BY m.AccountId),
             blocked AS (
                SELECT d.Id, d.Name, d.SerialNumber, o.Name AS OrganizationName, u.Email
                FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId JOIN AspNetUsers u ON u.Id = d.OwnerId, x
                WHERE o.Path >= x.Path AND o.Path < x.Hi AND NOT EXISTS (
                    SELECT 1 FROM Memberships m JOIN Organizations mo ON mo.Id = m.OrganizationId
                    WHERE m.AccountId = d.OwnerId AND (m.OrganizationId IN (SELECT Id FROM newChain)
                        OR (mo.Path >= x.Path AND mo.Path < x.Hi AND substr(o.Path, 1, length(mo.Path)) = mo.Path))))
        SELECT 'counts', (SELECT count(*) - 1 FROM Organizations o, x WHERE o.Path >= x.Path AND o.Path < x.Hi),
               (SELECT coalesce(sum(c.Count), 0) FROM DeviceCounts c JOIN Organizations o ON o.Id = c.OrganizationId, x WHERE o.Path >= x.Path AND o.Path < x.Hi),
               (SELECT count(*) FROM Memberships m JOIN Organizations o ON o.Id = m.OrganizationId, x WHERE o.Path >= x.Path AND o.Path < x.Hi),
               NULL, NULL
        UNION ALL SELECT 'blocked', Id, Name, SerialNumber, OrganizationName, Email FROM blocked
        UNION ALL SELECT 'role', r.Before, r.After, u.Email, NULL, NULL FROM roles r JOIN AspNetUsers u ON u.Id = r.AccountId
                  WHERE r.Before IS NOT r.After
        UNION ALL SELECT 'candidate', NULL, r.After, u.Email, NULL, NULL FROM roles r JOIN AspNetUsers u ON u.Id = r.AccountId
                  WHERE r.After IS NOT NULL AND EXISTS (SELECT 1 FROM blocked)
        """;

    private const string PostgresMovePreview = """
        WITH x AS (SELECT "Id", "Path", substr("Path", 1, length("Path") - 1) || '0' AS "Hi" FROM "Organizations" WHERE "Id" = $id),
             np AS (SELECT "Id", "Path" FROM "Organizations" WHERE "Id" = $parent),
             "oldChain" AS (SELECT a."Id" FROM "Organizations" a, x WHERE x."Path" >= a."Path" AND substr(x."Path", 1, length(a."Path")) = a."Path"),
             "newChain" AS (SELECT a."Id" FROM "Organizations" a, np WHERE np."Path" >= a."Path" AND substr(np."Path", 1, length(a."Path")) = a."Path"),
             roles AS (
                SELECT m."AccountId",
                       max(CASE WHEN m."OrganizationId" IN (SELECT "Id" FROM "oldChain") THEN m."Role" END) AS "Before",
                       max(CASE WHEN m."OrganizationId" IN (SELECT "Id" FROM "newChain") OR m."OrganizationId" = $id THEN m."Role" END) AS "After"
                FROM "Memberships" m WHERE m."OrganizationId" IN (SELECT "Id" FROM "oldChain" UNION SELECT "Id" FROM "newChain")
                GROUP BY m."AccountId"),
             blocked AS MATERIALIZED (
                SELECT d."Id", d."Name", d."SerialNumber", o."Name" AS "OrganizationName", u."Email"
                FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId" JOIN "AspNetUsers" u ON u."Id" = d."OwnerId", x
                WHERE o."Path" >= x."Path" AND o."Path" < x."Hi" AND NOT EXISTS (
                    SELECT 1 FROM "Memberships" m JOIN "Organizations" mo ON mo."Id" = m."OrganizationId"
                    WHERE m."AccountId" = d."OwnerId" AND (m."OrganizationId" IN (SELECT "Id" FROM "newChain")
                        OR (mo."Path" >= x."Path" AND mo."Path" < x."Hi" AND substr(o."Path", 1, length(mo."Path")) = mo."Path"))))
        SELECT 'counts', (SELECT count(*) - 1 FROM "Organizations" o, x WHERE o."Path" >= x."Path" AND o."Path" < x."Hi")::text,
               (SELECT count(*) FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId", x WHERE o."Path" >= x."Path" AND o."Path" < x."Hi")::text,
               (SELECT count(*) FROM "Memberships" m JOIN "Organizations" o ON o."Id" = m."OrganizationId", x WHERE o."Path" >= x."Path" AND o."Path" < x."Hi")::text,
               NULL, NULL
        UNION ALL SELECT 'blocked', "Id"::text, "Name", "SerialNumber", "OrganizationName", "Email" FROM blocked
        UNION ALL SELECT 'role', r."Before"::text, r."After"::text, u."Email", NULL, NULL FROM roles r JOIN "AspNetUsers" u ON u."Id" = r."AccountId"
                  WHERE r."Before" IS DISTINCT FROM r."After"
        UNION ALL SELECT 'candidate', NULL, r."After"::text, u."Email", NULL, NULL FROM roles r JOIN "AspNetUsers" u ON u."Id" = r."AccountId"
                  WHERE r."After" IS NOT NULL AND EXISTS (SELECT 1 FROM blocked)
        """;
}
