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
    MembershipChecks checks,
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
        await using var op = await operations.BeginWriteAsync(WriteScope.Membership(membershipId), ct);
        var (db, view) = op;
        var (membership, organization, email) = await checks.LoadForAdminAsync(db, view, membershipId, "Changing roles", ct);
        var ceiling = view.EffectiveRole(organization.Path)!.Value;
        if (role > ceiling)
            throw access.Refuse(view, "M1", $"membership {membership.Id}", $"You can give roles up to {ceiling} in {organization.Name}.");
        if (membership.Role == role)
            return new MemberChangeResult($"{email} already is {role} of {organization.Name}; nothing was changed.");
        if (role < Role.Admin)
            await checks.RequireAnotherRootAdminAsync(db, view, membership, organization, email, $"demoting {email}", ct);

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
        var (membership, organization, email) = await checks.LoadForAdminAsync(db, view, membershipId, "Removing members", ct);
        var stranded = await MembershipChecks.StrandedDevicesAsync(db, membership, organization.Path, ct);
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
        await using var op = await operations.BeginWriteAsync(WriteScope.Membership(membershipId), ct);
        var (db, view) = op;
        var (membership, organization, email) = await checks.LoadForAdminAsync(db, view, membershipId, "Removing members", ct);
        await checks.RequireAnotherRootAdminAsync(db, view, membership, organization, email, $"removing {email}", ct);

        var stranded = await MembershipChecks.StrandedDevicesAsync(db, membership, organization.Path, ct);
        var reassigned = "";
        if (stranded.Count > 0)
        {
            if (string.IsNullOrEmpty(newOwnerId))
                throw access.Refuse(view, "M6", $"membership {membership.Id}",
                    $"{email} owns {MessageText.Count(stranded.Count, "device")} that it could no longer reach after this removal: " +
                    $"{MessageText.List(stranded.Select(d => d.SerialNumber))}. Transfer them first, or name a new owner for them.");
            var newOwnerEmail = await checks.RequireNewOwnerAsync(db, view, membership, stranded, newOwnerId, "who is being removed", ct);
            await ownership.ReassignAsync(db, view.AsActor(), stranded.Select(d => d.Id).ToList(), newOwnerId,
                $"{email} was removed from {organization.Name}", ct);
            reassigned = $" {MessageText.Count(stranded.Count, "device")} passed to {newOwnerEmail}.";
        }

        db.Memberships.Remove(membership);
        audit.MembershipRemoved(db, view.AsActor(), membership.AccountId, email, organization, membership.Role);
        var keeps = await KeepsNoteAsync(db, membership, organization, email, null, ct);
        await op.CommitAsync(ct);
        return new MemberChangeResult($"{email} was removed from {organization.Name}.{reassigned}{(keeps is null ? "" : " " + keeps)}");
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
}
