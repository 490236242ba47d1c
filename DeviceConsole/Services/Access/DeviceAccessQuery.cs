using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Access;

/// <summary>A7: who has access to a device, and why.</summary>
public static class DeviceAccessQuery
{
    /// <summary>
    /// A7: the accounts with access to a device in the organization at <paramref name="organizationPath"/>
    /// owned by <paramref name="ownerId"/>: Admin and Staff effective there, plus the owner, each once,
    /// with the membership its role comes from (the nearest on a tie).
    /// </summary>
    public static async Task<IReadOnlyList<DeviceAccess>> WhoHasAccessAsync(AppDbContext db, string organizationPath, string ownerId, CancellationToken ct = default) =>
        (await WhoHasAccessAsync(db, [(organizationPath, ownerId)], ct))[(organizationPath, ownerId)];

    /// <summary>
    /// A7 for many devices at once, keyed by organization path and owner: one query for every
    /// membership that can matter (and one more only if an owner has no role at all), whatever the
    /// number of devices, organizations and owners.
    /// </summary>
    public static async Task<IReadOnlyDictionary<(string Path, string OwnerId), IReadOnlyList<DeviceAccess>>> WhoHasAccessAsync(
        AppDbContext db, IReadOnlyCollection<(string Path, string OwnerId)> devices, CancellationToken ct = default)
    {
        var keys = devices.Distinct().ToList();
        var ancestorIds = keys.SelectMany(k => OrganizationPath.Ids(k.Path)).Distinct().ToList();
        var ownerIds = keys.Select(k => k.OwnerId).Distinct().ToList();
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => ancestorIds.Contains(m.OrganizationId) && (m.Role >= Role.Staff || ownerIds.Contains(m.AccountId)))
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new AccessSource(
                m.AccountId, u.Email ?? "", m.Role, m.OrganizationId, m.Organization!.Name, m.Organization.Path))
            .ToListAsync(ct);
        var byOrganization = memberships.ToLookup(m => m.OrganizationId);

        var result = new Dictionary<(string Path, string OwnerId), IReadOnlyList<DeviceAccess>>();
        var ownersWithoutRole = new List<(string Path, string OwnerId)>();
        foreach (var key in keys)
        {
            var access = OrganizationPath.Ids(key.Path)
                .SelectMany(id => byOrganization[id])
                .Where(m => m.Role >= Role.Staff || m.AccountId == key.OwnerId)
                .GroupBy(m => m.AccountId)
                .Select(g =>
                {
                    var best = EffectiveRoles.Best(g, m => m.Role, m => m.OrganizationPath.Length)!;
                    return new DeviceAccess(best.AccountId, best.Email, best.Role, best.OrganizationId, best.OrganizationName,
                        Inherited: best.OrganizationPath != key.Path, IsOwner: best.AccountId == key.OwnerId);
                })
                .ToList();
            if (!access.Any(r => r.IsOwner))
                ownersWithoutRole.Add(key);
            result[key] = access;
        }

        if (ownersWithoutRole.Count > 0)
        {
            // D1 says this cannot happen; if it does, the owner is still listed, with no role.
            var missing = ownersWithoutRole.Select(k => k.OwnerId).Distinct().ToList();
            var emails = await db.Users.Where(u => missing.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
            foreach (var key in ownersWithoutRole)
                ((List<DeviceAccess>)result[key]).Add(new DeviceAccess(key.OwnerId, emails.GetValueOrDefault(key.OwnerId) ?? "", null, null, null, false, true));
        }

        return result.ToDictionary(r => r.Key, r => (IReadOnlyList<DeviceAccess>)r.Value
            .OrderByDescending(a => a.Role)
            .ThenBy(a => a.Email, StringComparer.OrdinalIgnoreCase)
            .ToList());
    }

    private sealed record AccessSource(string AccountId, string Email, Role Role, int OrganizationId, string OrganizationName, string OrganizationPath);
}
