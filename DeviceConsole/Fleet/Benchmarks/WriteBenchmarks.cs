using System.Globalization;
using System.Text.Json;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Services.Organizations;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>
/// Transfers and moves, beside hand-written SQL with the same result. These write: devices move
/// between two organizations and a subtree between two parents, back and forth, with their audit
/// entries; re-seed for a pristine data set.
/// </summary>
public sealed partial class WriteBenchmarks(IServiceProvider services, FloorDatabase floor, BenchmarkActors actors)
{
    private BenchmarkActor Root => actors.Root;

    public async Task<IReadOnlyList<BenchmarkCase>> CasesAsync()
    {
        var destinations = await floor.QueryAsync(floor.Sql("""
            SELECT Id, Path, Name FROM Organizations WHERE ParentId = $root ORDER BY Id LIMIT 2 OFFSET 1
            """, """
            SELECT "Id", "Path", "Name" FROM "Organizations" WHERE "ParentId" = $root ORDER BY "Id" LIMIT 2 OFFSET 1
            """), ("$root", (long)Root.OrganizationId));
        var x = new Destination((int)(long)destinations[0][0]!, (string)destinations[0][1]!, (string)destinations[0][2]!);
        var y = new Destination((int)(long)destinations[1][0]!, (string)destinations[1][1]!, (string)destinations[1][2]!);
        // Spread over the fleet, as "all matching a filter" is: a fixed pseudo-random order.
        var ids = (await floor.QueryAsync(floor.Sql("""
            SELECT d.Id FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId WHERE o.Path >= $lo AND o.Path < $hi
            ORDER BY (d.Id * 7919) % 100003 LIMIT 10000
            """, """
            SELECT d."Id" FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId" WHERE o."Path" >= $lo AND o."Path" < $hi
            ORDER BY (d."Id"::bigint * 7919) % 100003, d."Id" LIMIT 10000
            """), ("$lo", Root.Path), ("$hi", OrganizationPath.SubtreeUpperBound(Root.Path)))).Select(r => (int)(long)r[0]!).ToList();
        var thousand = ids.Take(1000).ToList();

        var cases = new List<BenchmarkCase>
        {
            new("transfer preview, 1,000 devices", () => PreviewAsync(thousand, x), () => FloorPreviewAsync(thousand, x), 5),
            new("transfer preview, 10,000 devices", () => PreviewAsync(ids, x), () => FloorPreviewAsync(ids, x), 3),
        };
        var target = x;
        cases.Add(new BenchmarkCase("bulk transfer incl. audit rows, 10,000 devices",
            () => TransferAsync(ids, target), () => FloorTransferAsync(ids, target), 3,
            BeforeEach: async () => target = await LocationOfAsync(ids[0]) == x.Id ? y : x));

        var move = await MoveSubjectAsync();
        if (move is not null)
        {
            var parent = move.Value.Second;
            cases.Add(new BenchmarkCase($"organization move preview, {move.Value.Size}-organization subtree",
                () => MovePreviewAsync(move.Value.Id, move.Value.Second), () => FloorMovePreviewAsync(move.Value.Id, move.Value.Second), 5));
            cases.Add(new BenchmarkCase($"organization move, {move.Value.Size}-organization subtree",
                () => MoveAsync(move.Value.Id, parent), () => FloorMoveAsync(move.Value.Id, parent), 4,
                BeforeEach: async () => parent = await ParentOfAsync(move.Value.Id) == move.Value.First ? move.Value.Second : move.Value.First));
        }
        return cases;
    }

    private sealed record Destination(int Id, string Path, string Name);

    // PostgreSQL's json_each: the IDs of a JSON array parameter.
    private const string JsonIds = "SELECT value::int FROM jsonb_array_elements_text($ids::jsonb)";

    private async Task<List<DeviceToken>> TokensAsync(IReadOnlyList<int> ids) =>
        (await floor.QueryAsync(floor.Sql("SELECT Id, Version FROM Devices WHERE Id IN (SELECT value FROM json_each($ids))",
            $"""SELECT "Id", "Version" FROM "Devices" WHERE "Id" IN ({JsonIds})"""),
            ("$ids", JsonSerializer.Serialize(ids))))
        .Select(r => new DeviceToken((int)(long)r[0]!, Guid.Parse((string)r[1]!))).ToList();

    private async Task<string> PreviewAsync(IReadOnlyList<int> ids, Destination destination)
    {
        actors.SignIn(Root);
        var preview = await services.GetRequiredService<TransferService>()
            .PreviewAsync(TransferSelection.Of([.. await TokensAsync(ids)]), destination.Id, Root.Email);
        return $"{preview.Moving}:" + string.Join(';', preview.AccessChanges
            .Select(c => $"{c.Email}|{c.Kind}|{c.Devices.Count}").Order(StringComparer.Ordinal));
    }

    // D7 by A7, set-based: who has access to each moving device before (Admin/Staff effective in its
    // organization, and its owner) and after (the same in the destination, and the new owner).
    private async Task<string> FloorPreviewAsync(IReadOnlyList<int> ids, Destination destination)
    {
        var rows = await floor.QueryAsync(floor.Sql("""
            WITH dev AS (
                SELECT d.Id, d.OwnerId, o.Path FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId
                WHERE d.Id IN (SELECT value FROM json_each($ids)) AND NOT (d.OrganizationId = $dest AND d.OwnerId = $owner)),
            paths AS (SELECT DISTINCT Path FROM dev UNION SELECT $destPath),
            eff AS MATERIALIZED (
                SELECT p.Path, m.AccountId, max(m.Role) AS Role
                FROM paths p JOIN Organizations a ON p.Path >= a.Path AND substr(p.Path, 1, length(a.Path)) = a.Path
                JOIN Memberships m ON m.OrganizationId = a.Id
                GROUP BY p.Path, m.AccountId),
            bef AS (
                SELECT d.Id, e.AccountId, e.Role, e.AccountId = d.OwnerId AS IsOwner FROM dev d JOIN eff e ON e.Path = d.Path
                WHERE e.Role >= 2 OR e.AccountId = d.OwnerId
                UNION ALL
                SELECT d.Id, d.OwnerId, NULL, 1 FROM dev d WHERE NOT EXISTS (SELECT 1 FROM eff e WHERE e.Path = d.Path AND e.AccountId = d.OwnerId)),
            aft AS (
                SELECT d.Id, e.AccountId, e.Role, e.AccountId = $owner AS IsOwner FROM dev d JOIN eff e ON e.Path = $destPath
                WHERE e.Role >= 2 OR e.AccountId = $owner),
            pairs AS (
                SELECT Id, AccountId, max(Side = 0) AS InBefore, max(Side = 1) AS InAfter,
                       max(CASE WHEN Side = 0 THEN Role END) AS RoleBefore, max(CASE WHEN Side = 1 THEN Role END) AS RoleAfter,
                       max(CASE WHEN Side = 0 THEN IsOwner END) AS OwnerBefore, max(CASE WHEN Side = 1 THEN IsOwner END) AS OwnerAfter
                FROM (SELECT *, 0 AS Side FROM bef UNION ALL SELECT *, 1 FROM aft) GROUP BY Id, AccountId),
            ch AS (
                SELECT AccountId, CASE WHEN NOT InAfter THEN 'Loses' WHEN NOT InBefore THEN 'Gains' ELSE 'Changes' END AS Kind FROM pairs
                WHERE NOT InAfter OR NOT InBefore OR RoleAfter IS NOT RoleBefore OR OwnerAfter <> OwnerBefore)
            SELECT (SELECT count(*) FROM dev), u.Email, ch.Kind, count(*) FROM ch JOIN AspNetUsers u ON u.Id = ch.AccountId
            GROUP BY ch.AccountId, ch.Kind
            """, $"""
            WITH dev AS (
                SELECT d."Id", d."OwnerId", o."Path" FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId"
                WHERE d."Id" IN ({JsonIds}) AND NOT (d."OrganizationId" = $dest AND d."OwnerId" = $owner)),
            paths AS (SELECT DISTINCT "Path" FROM dev UNION SELECT $destPath COLLATE "C"),
            eff AS MATERIALIZED (
                SELECT p."Path", m."AccountId", max(m."Role") AS "Role"
                FROM paths p JOIN "Organizations" a ON p."Path" >= a."Path" AND substr(p."Path", 1, length(a."Path")) = a."Path"
                JOIN "Memberships" m ON m."OrganizationId" = a."Id"
                GROUP BY p."Path", m."AccountId"),
            bef AS (
                SELECT d."Id", e."AccountId", e."Role", e."AccountId" = d."OwnerId" AS "IsOwner" FROM dev d JOIN eff e ON e."Path" = d."Path"
                WHERE e."Role" >= 2 OR e."AccountId" = d."OwnerId"
                UNION ALL
                SELECT d."Id", d."OwnerId", NULL, true FROM dev d
                WHERE NOT EXISTS (SELECT 1 FROM eff e WHERE e."Path" = d."Path" AND e."AccountId" = d."OwnerId")),
            aft AS (
                SELECT d."Id", e."AccountId", e."Role", e."AccountId" = $owner AS "IsOwner" FROM dev d JOIN eff e ON e."Path" = $destPath
                WHERE e."Role" >= 2 OR e."AccountId" = $owner),
            pairs AS (
                SELECT "Id", "AccountId", bool_or("Side" = 0) AS "InBefore", bool_or("Side" = 1) AS "InAfter",
                       max(CASE WHEN "Side" = 0 THEN "Role" END) AS "RoleBefore", max(CASE WHEN "Side" = 1 THEN "Role" END) AS "RoleAfter",
                       bool_or(CASE WHEN "Side" = 0 THEN "IsOwner" END) AS "OwnerBefore", bool_or(CASE WHEN "Side" = 1 THEN "IsOwner" END) AS "OwnerAfter"
                FROM (SELECT *, 0 AS "Side" FROM bef UNION ALL SELECT *, 1 FROM aft) sides GROUP BY "Id", "AccountId"),
            ch AS (
                SELECT "AccountId", CASE WHEN NOT "InAfter" THEN 'Loses' WHEN NOT "InBefore" THEN 'Gains' ELSE 'Changes' END AS "Kind" FROM pairs
                WHERE NOT "InAfter" OR NOT "InBefore" OR "RoleAfter" IS DISTINCT FROM "RoleBefore" OR "OwnerAfter" <> "OwnerBefore")
            SELECT (SELECT count(*) FROM dev), u."Email", ch."Kind", count(*) FROM ch JOIN "AspNetUsers" u ON u."Id" = ch."AccountId"
            GROUP BY ch."AccountId", ch."Kind", u."Email"
            """), ("$ids", JsonSerializer.Serialize(ids)), ("$dest", (long)destination.Id), ("$destPath", destination.Path), ("$owner", Root.AccountId));
        var moving = rows.Count == 0 ? 0 : rows[0][0];
        return $"{moving}:" + string.Join(';', rows.Select(r => $"{r[1]}|{r[2]}|{r[3]}").Order(StringComparer.Ordinal));
    }

    private async Task<int> LocationOfAsync(int deviceId) =>
        (int)(long)(await floor.QueryAsync(floor.Sql("SELECT OrganizationId FROM Devices WHERE Id = $id",
            """SELECT "OrganizationId" FROM "Devices" WHERE "Id" = $id"""), ("$id", (long)deviceId)))[0][0]!;

    private async Task<string> TransferAsync(IReadOnlyList<int> ids, Destination destination)
    {
        actors.SignIn(Root);
        var tokens = await TokensAsync(ids);
        var result = await services.GetRequiredService<TransferService>()
            .TransferAsync(new TransferRequest(tokens, destination.Id, Root.Email));
        return $"moved {result.Moved}";
    }

    private async Task<string> FloorTransferAsync(IReadOnlyList<int> ids, Destination destination)
    {
        if (floor.IsPostgres)
            return await FloorPostgresTransferAsync(ids, destination);
        await floor.ExecuteAsync("BEGIN IMMEDIATE");
        // The entries' IDs continue from the last one; read once, so both inserts agree on them.
        var lastEntry = (long)(await floor.QueryAsync("SELECT coalesce(max(Id), 0) FROM AuditEntries"))[0][0]!;
        var parameters = new (string, object?)[]
        {
            ("$last", lastEntry),
            ("$ids", JsonSerializer.Serialize(ids)), ("$dest", (long)destination.Id), ("$owner", Root.AccountId),
            ("$destName", destination.Name), ("$destPath", destination.Path), ("$ownerEmail", Root.Email),
            ("$actor", Root.AccountId), ("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            ("$version", Guid.NewGuid().ToString().ToUpperInvariant()),
        };
        const string moving = """
            SELECT d.Id, d.Name, d.Version, o.Id AS OrgId, o.Name AS OrgName, o.Path AS OrgPath, u.Email,
                   $last + row_number() OVER (ORDER BY d.Id) AS EntryId
            FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId JOIN AspNetUsers u ON u.Id = d.OwnerId
            WHERE d.Id IN (SELECT value FROM json_each($ids)) AND NOT (d.OrganizationId = $dest AND d.OwnerId = $owner)
            """;
        // Entries before their organizations: the organizations reference them.
        await floor.ExecuteAsync($"""
            INSERT INTO AuditEntries (Id, At, ActorId, ActorEmail, Action, TargetType, TargetId, TargetName, Summary, Before, After)
            SELECT EntryId, $at, $actor, $ownerEmail, 'device.transferred', 'Device', CAST(Id AS TEXT), Name,
                   'Transferred ' || Name || ' from ' || OrgName || ' (' || Email || ') to ' || $destName || ' (' || $ownerEmail || ')',
                   json_object('owner', Email, 'organization', OrgName, 'version', Version),
                   json_object('owner', $ownerEmail, 'organization', $destName, 'version', $version)
            FROM ({moving})
            """, parameters);
        await floor.ExecuteAsync($"""
            INSERT INTO AuditOrganizations (AuditEntryId, Part, OrganizationId, Name, Path)
            SELECT EntryId, 'Source', OrgId, OrgName, OrgPath FROM ({moving})
            UNION ALL SELECT EntryId, 'Destination', $dest, $destName, $destPath FROM ({moving})
            """, parameters);
        var moved = await floor.ExecuteAsync("""
            UPDATE Devices SET OrganizationId = $dest, OwnerId = $owner, Version = $version
            WHERE Id IN (SELECT value FROM json_each($ids)) AND NOT (OrganizationId = $dest AND OwnerId = $owner)
            """, parameters);
        await floor.ExecuteAsync("COMMIT");
        return $"moved {moved}";
    }

    // One statement: the moving rows, with identity-sequence IDs for their entries, feed both audit inserts and the update.
    private async Task<string> FloorPostgresTransferAsync(IReadOnlyList<int> ids, Destination destination)
    {
        var moved = await floor.ExecuteAsync($"""
            WITH moving AS MATERIALIZED (
                SELECT d."Id", d."Name", d."Version", o."Id" AS "OrgId", o."Name" AS "OrgName", o."Path" AS "OrgPath", u."Email",
                       nextval(pg_get_serial_sequence('"AuditEntries"', 'Id')) AS "EntryId"
                FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId" JOIN "AspNetUsers" u ON u."Id" = d."OwnerId"
                WHERE d."Id" IN ({JsonIds}) AND NOT (d."OrganizationId" = $dest AND d."OwnerId" = $owner)),
            entries AS (
                INSERT INTO "AuditEntries" ("Id", "At", "ActorId", "ActorEmail", "Action", "TargetType", "TargetId", "TargetName", "Summary", "Before", "After")
                SELECT "EntryId", $at, $actor, $ownerEmail, 'device.transferred', 'Device', CAST("Id" AS text), "Name",
                       'Transferred ' || "Name" || ' from ' || "OrgName" || ' (' || "Email" || ') to ' || $destName || ' (' || $ownerEmail || ')',
                       json_build_object('owner', "Email", 'organization', "OrgName", 'version', "Version")::text,
                       json_build_object('owner', $ownerEmail, 'organization', $destName, 'version', $version)::text
                FROM moving),
            organizations AS (
                INSERT INTO "AuditOrganizations" ("AuditEntryId", "Part", "OrganizationId", "Name", "Path")
                SELECT "EntryId", 'Source', "OrgId", "OrgName", "OrgPath" FROM moving
                UNION ALL SELECT "EntryId", 'Destination', $dest, $destName, $destPath FROM moving)
            UPDATE "Devices" SET "OrganizationId" = $dest, "OwnerId" = $owner, "Version" = $version
            WHERE "Id" IN (SELECT "Id" FROM moving)
            """,
            ("$ids", JsonSerializer.Serialize(ids)), ("$dest", destination.Id), ("$owner", Root.AccountId),
            ("$destName", destination.Name), ("$destPath", destination.Path), ("$ownerEmail", Root.Email),
            ("$actor", Root.AccountId), ("$at", DateTime.UtcNow), ("$version", Guid.NewGuid()));
        return $"moved {moved}";
    }

    /// <summary>The organization whose subtree is nearest 164 organizations, and two parents it fits under.</summary>
    private async Task<(int Id, int Size, int First, int Second)?> MoveSubjectAsync()
    {
        var rows = await floor.QueryAsync(floor.Sql("""
            WITH sizes AS (
                SELECT o.Id, o.ParentId, o.Path, length(o.Path) - length(replace(o.Path, '/', '')) - 1 AS Level,
                       (SELECT count(*) FROM Organizations s WHERE s.Path >= o.Path AND s.Path < substr(o.Path, 1, length(o.Path) - 1) || '0') AS Size,
                       (SELECT max(length(s.Path) - length(replace(s.Path, '/', '')) - 1) FROM Organizations s
                        WHERE s.Path >= o.Path AND s.Path < substr(o.Path, 1, length(o.Path) - 1) || '0') AS Deepest
                FROM Organizations o WHERE o.ParentId IS NOT NULL AND o.Path >= $lo AND o.Path < $hi)
            SELECT s.Id, s.Size, s.ParentId, p.Id FROM sizes s JOIN Organizations parent ON parent.Id = s.ParentId
            JOIN Organizations p ON p.ParentId = parent.ParentId AND p.Id <> parent.Id
                AND NOT (p.Path >= s.Path AND p.Path < substr(s.Path, 1, length(s.Path) - 1) || '0')
            WHERE s.Deepest - s.Level + (length(p.Path) - length(replace(p.Path, '/', '')) - 1) + 1 <= 8
            ORDER BY abs(s.Size - 164), s.Id, p.Id LIMIT 1
            """, """
            WITH sizes AS (
                SELECT o."Id", o."ParentId", o."Path", length(o."Path") - length(replace(o."Path", '/', '')) - 1 AS "Level",
                       (SELECT count(*) FROM "Organizations" s WHERE s."Path" >= o."Path" AND s."Path" < substr(o."Path", 1, length(o."Path") - 1) || '0') AS "Size",
                       (SELECT max(length(s."Path") - length(replace(s."Path", '/', '')) - 1) FROM "Organizations" s
                        WHERE s."Path" >= o."Path" AND s."Path" < substr(o."Path", 1, length(o."Path") - 1) || '0') AS "Deepest"
                FROM "Organizations" o WHERE o."ParentId" IS NOT NULL AND o."Path" >= $lo AND o."Path" < $hi)
            SELECT s."Id", s."Size", s."ParentId", p."Id" FROM sizes s JOIN "Organizations" parent ON parent."Id" = s."ParentId"
            JOIN "Organizations" p ON p."ParentId" = parent."ParentId" AND p."Id" <> parent."Id"
                AND NOT (p."Path" >= s."Path" AND p."Path" < substr(s."Path", 1, length(s."Path") - 1) || '0')
            WHERE s."Deepest" - s."Level" + (length(p."Path") - length(replace(p."Path", '/', '')) - 1) + 1 <= 8
            ORDER BY abs(s."Size" - 164), s."Id", p."Id" LIMIT 1
            """), ("$lo", Root.Path), ("$hi", OrganizationPath.SubtreeUpperBound(Root.Path)));
        return rows.Count == 0 ? null : ((int)(long)rows[0][0]!, (int)(long)rows[0][1]!, (int)(long)rows[0][2]!, (int)(long)rows[0][3]!);
    }

    private async Task<int> ParentOfAsync(int organizationId) =>
        (int)(long)(await floor.QueryAsync(floor.Sql("SELECT ParentId FROM Organizations WHERE Id = $id",
            """SELECT "ParentId" FROM "Organizations" WHERE "Id" = $id"""), ("$id", (long)organizationId)))[0][0]!;

    private async Task<string> MoveAsync(int organizationId, int newParentId)
    {
        actors.SignIn(Root);
        await services.GetRequiredService<OrganizationMoves>().MoveAsync(new MoveOrganizationRequest(organizationId, newParentId, Root.AccountId));
        return "moved";
    }

    // The move itself: blocked devices to the new owner, the subtree's paths and the parent, and the move's entry.
    private async Task<string> FloorMoveAsync(int organizationId, int newParentId)
    {
        if (floor.IsPostgres)
            return await FloorPostgresMoveAsync(organizationId, newParentId);
        var parameters = new (string, object?)[]
        {
            ("$id", (long)organizationId), ("$parent", (long)newParentId), ("$owner", Root.AccountId), ("$email", Root.Email),
            ("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            ("$version", Guid.NewGuid().ToString().ToUpperInvariant()),
        };
        await floor.ExecuteAsync("BEGIN IMMEDIATE");
        await floor.ExecuteAsync("""
            UPDATE Devices SET OwnerId = $owner, Version = $version WHERE Id IN (
                SELECT d.Id FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId, Organizations x, Organizations np
                WHERE x.Id = $id AND np.Id = $parent AND o.Path >= x.Path AND o.Path < substr(x.Path, 1, length(x.Path) - 1) || '0'
                  AND NOT EXISTS (SELECT 1 FROM Memberships m JOIN Organizations mo ON mo.Id = m.OrganizationId
                      WHERE m.AccountId = d.OwnerId AND ((np.Path >= mo.Path AND substr(np.Path, 1, length(mo.Path)) = mo.Path)
                          OR (mo.Path >= x.Path AND substr(o.Path, 1, length(mo.Path)) = mo.Path))))
            """, parameters);
        await floor.ExecuteAsync("""
            INSERT INTO AuditEntries (At, ActorId, ActorEmail, Action, TargetType, TargetId, TargetName, Summary)
            SELECT $at, $owner, $email, 'organization.moved', 'Organization', CAST(x.Id AS TEXT), x.Name, 'Moved ' || x.Name || ' to ' || np.Name
            FROM Organizations x, Organizations np WHERE x.Id = $id AND np.Id = $parent
            """, parameters);
        await floor.ExecuteAsync("""
            UPDATE Organizations SET
                Path = (SELECT np.Path FROM Organizations np WHERE np.Id = $parent) || substr(Path, length((SELECT p.Path FROM Organizations p WHERE p.Id = (SELECT ParentId FROM Organizations WHERE Id = $id))) + 1),
                ParentId = CASE WHEN Id = $id THEN $parent ELSE ParentId END
            WHERE Path >= (SELECT Path FROM Organizations WHERE Id = $id)
              AND Path < (SELECT substr(Path, 1, length(Path) - 1) || '0' FROM Organizations WHERE Id = $id)
            """, parameters);
        await floor.ExecuteAsync("COMMIT");
        return "moved";
    }

    // The same three writes in one transaction; the subtree's paths are rewritten by one UPDATE, as on SQLite.
    private async Task<string> FloorPostgresMoveAsync(int organizationId, int newParentId)
    {
        var parameters = new (string, object?)[]
        {
            ("$id", organizationId), ("$parent", newParentId), ("$owner", Root.AccountId), ("$email", Root.Email),
            ("$at", DateTime.UtcNow), ("$version", Guid.NewGuid()),
        };
        await floor.ExecuteAsync("""
            WITH handed AS (
                UPDATE "Devices" SET "OwnerId" = $owner, "Version" = $version WHERE "Id" IN (
                    SELECT d."Id" FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId", "Organizations" x, "Organizations" np
                    WHERE x."Id" = $id AND np."Id" = $parent AND o."Path" >= x."Path" AND o."Path" < substr(x."Path", 1, length(x."Path") - 1) || '0'
                      AND NOT EXISTS (SELECT 1 FROM "Memberships" m JOIN "Organizations" mo ON mo."Id" = m."OrganizationId"
                          WHERE m."AccountId" = d."OwnerId" AND ((np."Path" >= mo."Path" AND substr(np."Path", 1, length(mo."Path")) = mo."Path")
                              OR (mo."Path" >= x."Path" AND substr(o."Path", 1, length(mo."Path")) = mo."Path"))))
                RETURNING 1),
            entry AS (
                INSERT INTO "AuditEntries" ("At", "ActorId", "ActorEmail", "Action", "TargetType", "TargetId", "TargetName", "Summary")
                SELECT $at, $owner, $email, 'organization.moved', 'Organization', CAST(x."Id" AS text), x."Name", 'Moved ' || x."Name" || ' to ' || np."Name"
                FROM "Organizations" x, "Organizations" np WHERE x."Id" = $id AND np."Id" = $parent)
            UPDATE "Organizations" SET
                "Path" = (SELECT np."Path" FROM "Organizations" np WHERE np."Id" = $parent)
                    || substr("Path", length((SELECT p."Path" FROM "Organizations" p WHERE p."Id" = (SELECT "ParentId" FROM "Organizations" WHERE "Id" = $id))) + 1),
                "ParentId" = CASE WHEN "Id" = $id THEN $parent ELSE "ParentId" END
            WHERE "Path" >= (SELECT "Path" FROM "Organizations" WHERE "Id" = $id)
              AND "Path" < (SELECT substr("Path", 1, length("Path") - 1) || '0' FROM "Organizations" WHERE "Id" = $id)
            """, parameters);
        return "moved";
    }
}
