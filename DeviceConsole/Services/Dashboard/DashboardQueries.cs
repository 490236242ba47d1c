using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Dashboard;

public sealed class DashboardQueries(Operations operations, AccessService access, TimeProvider clock,
    IOptions<DashboardOptions> options)
{
    /// <summary>Enough to act on; the Organizations and Devices pages hold the rest.</summary>
    public const int MaxWarningsPerKind = 20;

    public async Task<DashboardCounts> GetCountsAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        var role = view.EffectiveRole(organization.Path)!.Value;

        var subOrganizations = await db.Organizations
            .Where(PathFilter.InSubtree<Organization>(o => o.Path, organization.Path))
            .CountAsync(o => o.Id != organization.Id, ct);

        var byStatus = await DeviceVisibility.Apply(db.Devices.AsNoTracking(), view, organization.Path, includeSubtree: true)
            .GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Status, x => x.Count, ct);

        int? members = null, invitations = null;
        if (role.CanManageDevices())
        {
            // Accounts with an effective role here: memberships in the organization or an ancestor (A1).
            var ancestorIds = OrganizationPath.Ids(organization.Path);
            members = await db.Memberships.Where(m => ancestorIds.Contains(m.OrganizationId))
                .Select(m => m.AccountId).Distinct().CountAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            invitations = await db.Invitations.PendingAt(now)
                .Where(i => i.OrganizationId == organization.Id)
                .CountAsync(ct);
        }

        return new DashboardCounts(organization, role, subOrganizations, byStatus, members, invitations);
    }

    /// <summary>
    /// Health warnings for the subtree of an organization, limited to where the actor is Admin or
    /// Staff (the roles that see members, devices and invitations, A2): a User gets none.
    /// </summary>
    public async Task<DashboardHealth> GetHealthAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        IReadOnlyList<string> managed = view.ManagesDevicesIn(organization.Path)
            ? [organization.Path]
            : view.ManagedSubtrees.Where(p => OrganizationPath.IsInSubtree(p, organization.Path)).ToList();
        if (managed.Count == 0)
            return DashboardHealth.None;

        var withoutAdmin = await db.Organizations.AsNoTracking()
            .Where(PathFilter.InAnySubtree<Organization>(o => o.Path, managed))
            .Where(o => !db.Memberships.Any(m => m.OrganizationId == o.Id && m.Role == Role.Admin))
            .OrderBy(o => o.Path)
            .Select(o => new { o.Id, o.Name, o.Path })
            .Take(MaxWarningsPerKind)
            .ToListAsync(ct);

        // An owner has access when it holds a membership in the device's organization or an ancestor (A1, D1).
        var ownerWithoutAccess = await db.Devices.AsNoTracking()
            .Where(PathFilter.InAnySubtree<Device>(d => d.Organization!.Path, managed))
            .Where(d => !db.Memberships.Any(m => m.AccountId == d.OwnerId && d.Organization!.Path.StartsWith(m.Organization!.Path)))
            .OrderBy(d => d.Name).ThenBy(d => d.Id)
            .Select(d => new
            {
                d.Id, d.Name, d.SerialNumber, d.Organization!.Path,
                OwnerEmail = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.Email).FirstOrDefault(),
            })
            .Take(MaxWarningsPerKind)
            .ToListAsync(ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var soon = now.AddHours(options.Value.InvitationWarningHours);
        var expiring = await db.Invitations.AsNoTracking().PendingAt(now)
            .Where(PathFilter.InAnySubtree<Invitation>(i => i.Organization!.Path, managed))
            .Where(i => i.ExpiresAt <= soon)
            .OrderBy(i => i.ExpiresAt)
            .Select(i => new InvitationWarning(i.Id, i.Email, i.OrganizationId, i.Organization!.Name, i.Role, i.ExpiresAt))
            .Take(MaxWarningsPerKind)
            .ToListAsync(ct);

        var names = await OrganizationLabels.AncestorNamesAsync(db, withoutAdmin.Select(o => o.Path).Concat(ownerWithoutAccess.Select(d => d.Path)), ct);
        return new DashboardHealth(
            withoutAdmin.Select(o => new OrganizationWarning(o.Id, o.Name, OrganizationLabels.PathLabel(o.Path, names))).ToList(),
            ownerWithoutAccess.Select(d => new DeviceWarning(d.Id, d.Name, d.SerialNumber, d.OwnerEmail ?? "", OrganizationLabels.PathLabel(d.Path, names))).ToList(),
            expiring);
    }
}
