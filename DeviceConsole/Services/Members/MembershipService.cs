using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Members;

/// <summary>
/// Members of an organization (A4) and the M6 changes: role changes and removals, with the last
/// Admin of a root kept (O5) and devices never left with an owner who cannot reach them (D1).
/// </summary>
public sealed class MembershipService(
    Operations operations,
    AccessService access,
    AuditLog audit,
    DeviceOwnership ownership,
    TimeProvider clock)
{
    public async Task<MembersOverview> GetAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        access.RequireRole(view, organization, Role.Staff, "Seeing members", "A2");

        var ancestorIds = OrganizationPath.Ids(organization.Path);
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => ancestorIds.Contains(m.OrganizationId))
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new
            {
                m.Id, m.AccountId, u.Email, m.Role, m.OrganizationId, OrganizationName = m.Organization!.Name, PathLength = m.Organization.Path.Length,
                m.EndsAt,
            })
            .ToListAsync(ct);
        var members = rows
            .OrderByDescending(r => r.PathLength).ThenByDescending(r => r.Role).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .Select(r => new MemberRow(r.Id, r.AccountId, r.Email ?? "", r.Role, r.OrganizationId, r.OrganizationName, r.AccountId == view.AccountId, r.EndsAt))
            .ToList();

        var now = clock.GetUtcNow().UtcDateTime;
        var invitations = await (
                from i in db.Invitations.AsNoTracking().PendingAt(now)
                where i.OrganizationId == organization.Id
                join u in db.Users on i.InviterId equals u.Id into inviters
                from u in inviters.DefaultIfEmpty()
                orderby i.Email
                select new PendingInvitationRow(i.Id, i.Email, i.Role, u != null ? u.Email! : MessageText.DeletedAccount, i.ExpiresAt))
            .ToListAsync(ct);

        return new MembersOverview(organization, view.EffectiveRole(organization.Path)!.Value,
            members.Where(m => m.OrganizationId == organization.Id).ToList(),
            members.Where(m => m.OrganizationId != organization.Id).ToList(),
            invitations);
    }

    /// <summary>M6: Admin effective in the membership's organization; the M1 ceiling; O5 for a root's last Admin.</summary>
    public async Task<MemberChangeResult> ChangeRoleAsync(int membershipId, Role role, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(role))
            throw new DomainException("Choose a role: Admin, Staff or User.");
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var (membership, organization, email) = await LoadForAdminAsync(db, view, membershipId, "Changing roles", ct);
        var ceiling = view.EffectiveRole(organization.Path)!.Value;
        if (role > ceiling)
            throw access.Refuse(view, "M1", $"membership {membership.Id}", $"You can give roles up to {ceiling} in {organization.Name}.");
        if (membership.Role == role)
            return new MemberChangeResult($"{email} already is {role} of {organization.Name}; nothing was changed.");
        if (role < Role.Admin)
            await RequireAnotherRootAdminAsync(db, view, membership, organization, email, "demoting", ct);

        var before = membership.Role;
        membership.ChangeRole(role);
        audit.MembershipChanged(db, view.AsActor(), membership.AccountId, email, organization, before, role);
        var keeps = await KeepsNoteAsync(db, membership, organization, email, role, ct);
        await op.CommitAsync(ct);
        return new MemberChangeResult($"{email} is now {role} of {organization.Name}.{(keeps is null ? "" : " " + keeps)}");
    }

    /// <summary>What a removal would do: the devices that need a new owner first, and who could take them.</summary>
    public async Task<RemovalPreview> PreviewRemovalAsync(int membershipId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var (membership, organization, email) = await LoadForAdminAsync(db, view, membershipId, "Removing members", ct);
        var stranded = await StrandedDevicesAsync(db, membership, organization.Path, ct);
        var ancestorIds = OrganizationPath.Ids(organization.Path);
        var candidates = stranded.Count == 0 ? [] : await db.Memberships.AsNoTracking()
            .Where(m => ancestorIds.Contains(m.OrganizationId) && m.AccountId != membership.AccountId)
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new { u.Id, u.Email, m.Role })
            .ToListAsync(ct);
        var member = new MemberRow(membership.Id, membership.AccountId, email, membership.Role, organization.Id, organization.Name,
            membership.AccountId == view.AccountId);
        return new RemovalPreview(member, stranded,
            candidates.GroupBy(c => c.Id)
                .Select(g => new OwnerCandidate(g.Key, g.First().Email ?? "", g.Max(c => c.Role)))
                .OrderBy(c => c.Email, StringComparer.OrdinalIgnoreCase).ToList(),
            await KeepsNoteAsync(db, membership, organization, email, null, ct));
    }

    /// <summary>
    /// M6: removes a membership. Devices the member could no longer reach block it, listed, unless
    /// <paramref name="newOwnerId"/> names an owner with access to each of their organizations; they
    /// pass to that owner in the same transaction, one transfer entry each (L1).
    /// </summary>
    public async Task<MemberChangeResult> RemoveAsync(int membershipId, string? newOwnerId = null, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var (membership, organization, email) = await LoadForAdminAsync(db, view, membershipId, "Removing members", ct);
        await RequireAnotherRootAdminAsync(db, view, membership, organization, email, "removing", ct);

        var stranded = await StrandedDevicesAsync(db, membership, organization.Path, ct);
        var reassigned = "";
        if (stranded.Count > 0)
        {
            if (string.IsNullOrEmpty(newOwnerId))
                throw access.Refuse(view, "M6", $"membership {membership.Id}",
                    $"{email} owns {Plural(stranded.Count, "device")} that it could no longer reach after this removal: " +
                    $"{List(stranded.Select(d => d.SerialNumber))}. Transfer them first, or name a new owner for them.");
            var newOwnerEmail = await RequireNewOwnerAsync(db, view, membership, stranded, newOwnerId, ct);
            await ownership.ReassignAsync(db, view.AsActor(), stranded.Select(d => d.Id).ToList(), newOwnerId,
                $"{email} was removed from {organization.Name}", ct);
            reassigned = $" {Plural(stranded.Count, "device")} passed to {newOwnerEmail}.";
        }

        db.Memberships.Remove(membership);
        audit.MembershipRemoved(db, view.AsActor(), membership.AccountId, email, organization, membership.Role);
        var keeps = await KeepsNoteAsync(db, membership, organization, email, null, ct);
        await op.CommitAsync(ct);
        return new MemberChangeResult($"{email} was removed from {organization.Name}.{reassigned}{(keeps is null ? "" : " " + keeps)}");
    }

    /// <summary>
    /// Devices the member owns in the organization's subtree that none of its other memberships
    /// reaches (A1): exactly those whose owner would lose access (D1).
    /// </summary>
    internal static async Task<IReadOnlyList<StrandedDevice>> StrandedDevicesAsync(AppDbContext db, Membership membership,
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

    private async Task<(Membership Membership, Organization Organization, string Email)> LoadForAdminAsync(AppDbContext db,
        ActorView view, int membershipId, string action, CancellationToken ct)
    {
        var found = await db.Memberships.Include(m => m.Organization)
            .Where(m => m.Id == membershipId)
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new { Membership = m, u.Email })
            .SingleOrDefaultAsync(ct);
        if (found is null || !view.Sees(found.Membership.Organization!.Path))
            throw new NotFoundException("member");
        var organization = await access.RequireVisibleAsync(db, view, found.Membership.OrganizationId, ct);
        // M6: inherited memberships are changed only in the organization that holds them, by an Admin effective there.
        access.RequireRole(view, organization, Role.Admin, action, "M6");
        return (found.Membership, found.Membership.Organization, found.Email ?? "");
    }

    /// <summary>O5: a root organization always keeps at least one Admin membership without an end date (M8).</summary>
    private async Task RequireAnotherRootAdminAsync(AppDbContext db, ActorView view, Membership membership, Organization organization,
        string email, string verb, CancellationToken ct)
    {
        if (organization.ParentId is not null || membership.Role != Role.Admin)
            return;
        var others = await db.Memberships.CountAsync(m => m.OrganizationId == organization.Id && m.Role == Role.Admin
            && m.EndsAt == null && m.Id != membership.Id, ct);
        if (others == 0)
            throw access.Refuse(view, "O5", $"membership {membership.Id}",
                $"{email} is the last Admin of {organization.Name}, and {organization.Name} must keep one; " +
                $"make another account Admin of {organization.Name} before {verb} {email}.");
    }

    /// <summary>M6: the new owner is in the actor's view and has an effective role in each device's organization (D1, D4).</summary>
    private async Task<string> RequireNewOwnerAsync(AppDbContext db, ActorView view, Membership membership,
        IReadOnlyList<StrandedDevice> devices, string newOwnerId, CancellationToken ct)
    {
        var visible = await AccessService.VisibleAccountsAsync(db, view, [newOwnerId], ct);
        var newOwner = visible.Contains(newOwnerId)
            ? await db.Users.Where(u => u.Id == newOwnerId).Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(ct)
            : null;
        if (newOwner is null)
            throw new NotFoundException("account");
        var email = newOwner.Email ?? "";
        if (newOwner.Id == membership.AccountId)
            throw new DomainException($"The new owner must be someone other than {email}, who is being removed.");
        var paths = await db.Memberships.AsNoTracking().Where(m => m.AccountId == newOwner.Id)
            .Select(m => m.Organization!.Path).ToListAsync(ct);
        var organizationPaths = await db.Organizations.AsNoTracking()
            .Where(o => devices.Select(d => d.OrganizationId).Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var unreachable = devices.Where(d => !paths.Any(p => OrganizationPath.IsInSubtree(organizationPaths[d.OrganizationId], p)))
            .Select(d => d.OrganizationName).Distinct().ToList();
        if (unreachable.Count > 0)
            throw access.Refuse(view, "M6", $"account {newOwner.Id}",
                $"{email} has no access to {List(unreachable)} or an organization above it; choose a new owner who does.");
        // M8: nor an owner whose only access there ends at a set date.
        foreach (var organizationId in devices.Select(d => d.OrganizationId).Distinct())
            if (await LastingAccess.RefusalAsync(db, newOwner.Id, email, await OrganizationLabels.ReferenceAsync(db, organizationId, ct), ct) is { } ending)
                throw access.Refuse(view, "M8", $"account {newOwner.Id}", ending);
        return email;
    }

    /// <summary>M6: when the member keeps a higher role through an ancestor, the result says so.</summary>
    private static async Task<string?> KeepsNoteAsync(AppDbContext db, Membership membership, Organization organization,
        string email, Role? newRole, CancellationToken ct)
    {
        var ancestorIds = OrganizationPath.Ids(organization.Path).Where(id => id != organization.Id).ToList();
        var inherited = await db.Memberships.AsNoTracking()
            .Where(m => m.AccountId == membership.AccountId && ancestorIds.Contains(m.OrganizationId))
            .Select(m => new { m.Role, m.Organization!.Name, PathLength = m.Organization.Path.Length })
            .ToListAsync(ct);
        var best = EffectiveRoles.Best(inherited, m => m.Role, m => m.PathLength);
        if (best is null || (newRole is { } role && best.Role <= role))
            return null;
        return $"{email} keeps {best.Role} in {organization.Name} through {best.Name}.";
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count <= 10 ? string.Join(", ", all) : $"{string.Join(", ", all.Take(10))} and {all.Count - 10} more";
    }
}
