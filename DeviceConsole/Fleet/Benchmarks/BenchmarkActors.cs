using DeviceConsole.Domain;
using DeviceConsole.Fleet.Seeding;

namespace DeviceConsole.Fleet.Benchmarks;

/// <summary>An Admin of the large fleet and the subtree it administers.</summary>
public sealed record BenchmarkActor(string Label, string Email, string AccountId, int OrganizationId, string Path,
    long SubtreeDevices, int BusiestDeviceId);

/// <summary>The root, mid-level and leaf Admins that seed-large prints, read from the database.</summary>
public sealed class BenchmarkActors(FixedAuthenticationState authentication, IReadOnlyList<BenchmarkActor> all)
{
    public IReadOnlyList<BenchmarkActor> All => all;
    public BenchmarkActor Root => all[0];

    public void SignIn(BenchmarkActor actor) => authentication.SignIn(actor.AccountId, actor.Email);

    public static async Task<BenchmarkActors> LoadAsync(FloorDatabase floor, FixedAuthenticationState authentication)
    {
        var actors = new List<BenchmarkActor>();
        foreach (var (label, email) in new[] { ("root Admin", FleetPlan.RootAdminEmail), ("mid-level Admin", FleetPlan.MidAdminEmail), ("leaf Admin", FleetPlan.LeafAdminEmail) })
        {
            var rows = await floor.QueryAsync(floor.Sql("""
                SELECT u.Id, o.Id, o.Path FROM AspNetUsers u JOIN Memberships m ON m.AccountId = u.Id JOIN Organizations o ON o.Id = m.OrganizationId
                WHERE u.NormalizedEmail = $email AND m.Role = 3 ORDER BY length(o.Path) LIMIT 1
                """, """
                SELECT u."Id", o."Id", o."Path" FROM "AspNetUsers" u JOIN "Memberships" m ON m."AccountId" = u."Id"
                JOIN "Organizations" o ON o."Id" = m."OrganizationId"
                WHERE u."NormalizedEmail" = $email AND m."Role" = 3 ORDER BY length(o."Path") LIMIT 1
                """), ("$email", email.ToUpperInvariant()));
            if (rows.Count == 0)
                throw new FleetCommandException($"{email} is not in this database: run seed-large into an empty database first.");
            var path = (string)rows[0][2]!;
            var range = new (string, object?)[] { ("$lo", path), ("$hi", OrganizationPath.SubtreeUpperBound(path)) };
            var devices = (long)(await floor.QueryAsync(floor.Sql("""
                SELECT count(*) FROM Devices d JOIN Organizations o ON o.Id = d.OrganizationId WHERE o.Path >= $lo AND o.Path < $hi
                """, """
                SELECT count(*) FROM "Devices" d JOIN "Organizations" o ON o."Id" = d."OrganizationId" WHERE o."Path" >= $lo AND o."Path" < $hi
                """), range))[0][0]!;
            var busiest = await floor.QueryAsync(floor.Sql("""
                SELECT CAST(e.TargetId AS INTEGER) FROM AuditEntries e JOIN AuditOrganizations ao ON ao.AuditEntryId = e.Id
                WHERE e.TargetType = 'Device' AND ao.Path >= $lo AND ao.Path < $hi
                  AND CAST(e.TargetId AS INTEGER) IN (SELECT Id FROM Devices)
                GROUP BY e.TargetId ORDER BY count(*) DESC, e.TargetId LIMIT 1
                """, """
                SELECT CAST(e."TargetId" AS integer) FROM "AuditEntries" e JOIN "AuditOrganizations" ao ON ao."AuditEntryId" = e."Id"
                WHERE e."TargetType" = 'Device' AND ao."Path" >= $lo AND ao."Path" < $hi
                  AND e."TargetId" IN (SELECT CAST("Id" AS text) FROM "Devices")
                GROUP BY e."TargetId" ORDER BY count(*) DESC, e."TargetId" COLLATE "C" LIMIT 1
                """), range);
            actors.Add(new BenchmarkActor(label, email, (string)rows[0][0]!, (int)(long)rows[0][1]!, path, devices,
                busiest.Count == 0 ? 0 : (int)(long)busiest[0][0]!));
        }
        return new BenchmarkActors(authentication, actors);
    }
}
