using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Members;

/// <summary>
/// The checks every change to a membership makes, whether it changes the role, removes the
/// membership (M6) or gives it an end date (M8): who may change it, the root's last lasting Admin
/// (O5) and the devices the member would no longer reach (D1).
/// </summary>
public sealed class MembershipChecks(AccessService access)
{
    /// <summary>M6: inherited memberships are changed only in the organization that holds them, by an Admin effective there.</summary>
    public async Task<(Membership Membership, Organization Organization, string Email)> LoadForAdminAsync(AppDbContext db,
        ActorView view, int membershipId, string action, CancellationToken ct)
    {
        var found = await db.Memberships.Include(m => m.Organization)
            .Where(m => m.Id == membershipId)
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new { Membership = m, u.Email })
            .SingleOrDefaultAsync(ct);
        if (found is null || !view.Sees(found.Membership.Organization!.Path))
            throw new NotFoundException("member");
        var organization = await access.RequireVisibleAsync(db, view, found.Membership.OrganizationId, ct);
        access.RequireRole(view, organization, Role.Admin, action, "M6");
        return (found.Membership, found.Membership.Organization, found.Email ?? "");
    }

    /// <summary>
    /// O5 with M8: a root keeps at least one Admin membership without an end date. <paramref name="change"/>
    /// finishes the way out: "before demoting …".
    /// </summary>
    public async Task RequireAnotherRootAdminAsync(AppDbContext db, ActorView view, Membership membership, Organization organization,
        string email, string change, CancellationToken ct)
    {
        if (organization.ParentId is not null || membership.Role != Role.Admin)
            return;
        var otherAdmins = await db.Memberships
            .Where(m => m.OrganizationId == organization.Id && m.Role == Role.Admin && m.Id != membership.Id)
            .Select(m => m.EndsAt).ToListAsync(ct);
        if (otherAdmins.Any(endsAt => endsAt is null))
            return;
        // Admin memberships that end do not count (M8): the root would be left without an Admin.
        var lasting = otherAdmins.Count > 0 || membership.EndsAt is not null ? " without an end date" : "";
        throw access.Refuse(view, "O5", $"membership {membership.Id}",
            $"{email} is the last Admin of {organization.Name}{lasting}, and {organization.Name} must keep one; " +
            $"make another account Admin of {organization.Name} before {change}.");
    }

    /// <summary>
    /// Devices the member owns in the organization's subtree that none of its other memberships
    /// reaches (A1): exactly those whose owner would lose access (D1).
    /// </summary>
    public static async Task<IReadOnlyList<StrandedDevice>> StrandedDevicesAsync(AppDbContext db, Membership membership,
        string organizationPath, CancellationToken ct)
    {
        var remaining = await db.Memberships.AsNoTracking()
            .Where(m => m.AccountId == membership.AccountId && m.Id != membership.Id)
            .Select(m => m.Organization!.Path)
            .ToListAsync(ct);
        var owned = await db.Devices.AsNoTracking()
            .Where(d => d.OwnerId == membership.AccountId)
            .Where(PathFilter.InSubtree<Device>(d => d.Organization!.Path, organizationPath))
            .OrderBy(d => d.SerialNumber)
            .Select(d => new { d.Id, d.Name, d.SerialNumber, d.OrganizationId, OrganizationName = d.Organization!.Name, d.Organization.Path })
            .ToListAsync(ct);
        return owned
            .Where(d => !remaining.Any(p => OrganizationPath.IsInSubtree(d.Path, p)))
            .Select(d => new StrandedDevice(d.Id, d.Name, d.SerialNumber, d.OrganizationId, d.OrganizationName))
            .ToList();
    }

    /// <summary>
    /// M6 and M8: the new owner of stranded devices is in the actor's view, is not the member who
    /// loses access (<paramref name="leaving"/> says how: "who is being removed"), and has lasting
    /// access to each device's organization (D1, D4).
    /// </summary>
    public async Task<string> RequireNewOwnerAsync(AppDbContext db, ActorView view, Membership membership,
        IReadOnlyList<StrandedDevice> devices, string newOwnerId, string leaving, CancellationToken ct)
    {
        var visible = await AccessService.VisibleAccountsAsync(db, view, [newOwnerId], ct);
        var email = visible.Contains(newOwnerId)
            ? await db.Users.Where(u => u.Id == newOwnerId).Select(u => u.Email).SingleOrDefaultAsync(ct)
            : null;
        if (email is null)
            throw new NotFoundException("account");
        if (newOwnerId == membership.AccountId)
            throw new DomainException($"The new owner must be someone other than {email}, {leaving}.");
        var paths = await db.Memberships.AsNoTracking().Where(m => m.AccountId == newOwnerId)
            .Select(m => m.Organization!.Path).ToListAsync(ct);
        var organizationPaths = await db.Organizations.AsNoTracking()
            .Where(o => devices.Select(d => d.OrganizationId).Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var unreachable = devices.Where(d => !paths.Any(p => OrganizationPath.IsInSubtree(organizationPaths[d.OrganizationId], p)))
            .Select(d => d.OrganizationName).Distinct().ToList();
        if (unreachable.Count > 0)
            throw access.Refuse(view, "M6", $"account {newOwnerId}",
                $"{email} has no access to {MessageText.List(unreachable)} or an organization above it; choose a new owner who does.");
        // M8: nor an owner whose only access there ends at a set date.
        foreach (var organizationId in devices.Select(d => d.OrganizationId).Distinct())
            if (await LastingAccess.RefusalAsync(db, newOwnerId, email, await OrganizationLabels.ReferenceAsync(db, organizationId, ct), ct) is { } ending)
                throw access.Refuse(view, "M8", $"account {newOwnerId}", ending);
        return email;
    }
}
