using DeviceConsole.Data;
using DeviceConsole.Domain;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services;

/// <summary>
/// Counts for one organization, all within the actor's view (A4): a User gets only its own
/// devices and no member or invitation counts.
/// </summary>
public sealed record DashboardCounts(
    OrganizationRef Organization,
    Role Role,
    int SubOrganizations,
    IReadOnlyDictionary<DeviceStatus, int> DevicesByStatus,
    int? Members,
    int? PendingInvitations)
{
    public int Devices => DevicesByStatus.Values.Sum();
}

public sealed class DashboardService(IDbContextFactory<AppDbContext> dbFactory, AccessService access, TimeProvider clock)
{
    public async Task<DashboardCounts> GetCountsAsync(int organizationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
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
        if (role >= Role.Staff)
        {
            // Accounts with an effective role here: memberships in the organization or an ancestor (A1).
            var ancestorIds = OrganizationPath.Ids(organization.Path);
            members = await db.Memberships.Where(m => ancestorIds.Contains(m.OrganizationId))
                .Select(m => m.AccountId).Distinct().CountAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            invitations = await db.Invitations
                .Where(i => i.OrganizationId == organization.Id && i.State == InvitationState.Pending && i.ExpiresAt > now)
                .CountAsync(ct);
        }

        return new DashboardCounts(organization, role, subOrganizations, byStatus, members, invitations);
    }
}
