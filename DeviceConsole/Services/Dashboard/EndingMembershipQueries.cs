using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Dashboard;

/// <summary>A membership that ends soon (M8), for the dashboard.</summary>
public sealed record EndingMembership(int MembershipId, string Email, Role Role, int OrganizationId, string OrganizationName, DateTime EndsAt);

/// <summary>
/// M8: memberships of an organization's subtree that end within the coming days, for those who see
/// members there (Admin and Staff, A2); nobody else is shown any.
/// </summary>
public sealed class EndingMembershipQueries(Operations operations, AccessService access, TimeProvider clock)
{
    public const int Days = 7;

    public async Task<IReadOnlyList<EndingMembership>> ListAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        if (!view.ManagesDevicesIn(organization.Path)) return [];
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now.AddDays(Days);
        return await db.Memberships.AsNoTracking()
            .Where(PathFilter.InSubtree<Membership>(m => m.Organization!.Path, organization.Path))
            .Where(m => m.EndsAt != null && m.EndsAt <= until)
            .OrderBy(m => m.EndsAt)
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new EndingMembership(m.Id, u.Email!, m.Role, m.OrganizationId,
                m.Organization!.Name, m.EndsAt!.Value))
            .Take(DashboardQueries.MaxWarningsPerKind)
            .ToListAsync(ct);
    }
}
