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
    public static async Task<IReadOnlyList<DeviceAccess>> WhoHasAccessAsync(AppDbContext db, string organizationPath, string ownerId, CancellationToken ct = default)
    {
        var ancestorIds = OrganizationPath.Ids(organizationPath);
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => ancestorIds.Contains(m.OrganizationId) && (m.Role >= Role.Staff || m.AccountId == ownerId))
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new
            {
                m.AccountId, u.Email, m.Role, m.OrganizationId, OrganizationName = m.Organization!.Name, OrganizationPath = m.Organization.Path,
            })
            .ToListAsync(ct);

        var result = memberships
            .GroupBy(m => m.AccountId)
            .Select(g =>
            {
                var best = EffectiveRoles.Best(g, m => m.Role, m => m.OrganizationPath.Length)!;
                return new DeviceAccess(best.AccountId, best.Email ?? "", best.Role, best.OrganizationId, best.OrganizationName,
                    Inherited: best.OrganizationPath != organizationPath, IsOwner: best.AccountId == ownerId);
            })
            .ToList();

        if (!result.Any(r => r.IsOwner))
        {
            // D1 says this cannot happen; if it does, the owner is still listed, with no role.
            var ownerEmail = await db.Users.Where(u => u.Id == ownerId).Select(u => u.Email).SingleOrDefaultAsync(ct);
            result.Add(new DeviceAccess(ownerId, ownerEmail ?? "", null, null, null, false, true));
        }

        return result
            .OrderByDescending(r => r.Role)
            .ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
