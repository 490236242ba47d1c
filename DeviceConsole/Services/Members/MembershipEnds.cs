using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Members;

/// <summary>
/// M8: setting, moving or clearing a membership's end date, by an Admin who may change that
/// membership (M6). An end date is refused, as a removal would be, while the member owns devices
/// it would then lose access to, unless a new owner is named for them; a root keeps an Admin
/// without an end date (O5).
/// </summary>
public sealed class MembershipEnds(Operations operations, AccessService access, AuditLog audit,
    DeviceOwnership ownership, TimeProvider clock)
{
    public async Task<MemberChangeResult> SetEndAsync(int membershipId, DateTime? endsAtUtc, string? newOwnerId = null,
        CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var found = await db.Memberships.Include(m => m.Organization)
            .Where(m => m.Id == membershipId)
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new { Membership = m, u.Email })
            .SingleOrDefaultAsync(ct);
        if (found is null || !view.Sees(found.Membership.Organization!.Path))
            throw new NotFoundException("member");
        var (membership, email) = (found.Membership, found.Email ?? "");
        var organization = membership.Organization!;
        var reference = await access.RequireVisibleAsync(db, view, organization.Id, ct);
        access.RequireRole(view, reference, Role.Admin, "Setting an end date", "M6");

        var before = membership.EndsAt;
        var now = clock.GetUtcNow().UtcDateTime;
        if (endsAtUtc is { } end && end.Kind != DateTimeKind.Utc)
            endsAtUtc = DateTime.SpecifyKind(end, DateTimeKind.Utc);
        if (before == endsAtUtc)
            return new MemberChangeResult($"{email}'s membership of {organization.Name} already {Until(endsAtUtc)}; nothing was changed.");
        membership.EndAt(endsAtUtc, now);

        var reassigned = "";
        if (endsAtUtc is not null)
        {
            await RequireLastingRootAdminAsync(db, view, membership, organization, email, ct);
            var stranded = await MembershipService.StrandedDevicesAsync(db, membership, organization.Path, ct);
            if (stranded.Count > 0)
            {
                if (string.IsNullOrEmpty(newOwnerId))
                    throw access.Refuse(view, "M8", $"membership {membership.Id}",
                        $"{email} owns {MessageText.Count(stranded.Count, "device")} that it could no longer reach once this membership ends: " +
                        $"{MessageText.List(stranded.Select(d => d.SerialNumber))}. Transfer them first, or name a new owner for them.");
                var newOwner = await RequireNewOwnerAsync(db, view, membership, stranded, newOwnerId, ct);
                await ownership.ReassignAsync(db, view.AsActor(), stranded.Select(d => d.Id).ToList(), newOwnerId,
                    $"{email}'s membership of {organization.Name} ends on {endsAtUtc:yyyy-MM-dd}", ct);
                reassigned = $" {MessageText.Count(stranded.Count, "device")} passed to {newOwner}.";
            }
        }

        audit.MembershipEndSet(db, view.AsActor(), membership, organization, email, before);
        await op.CommitAsync(ct);
        return new MemberChangeResult($"{email}'s membership of {organization.Name} {Until(endsAtUtc)}.{reassigned}");
    }

    private static string Until(DateTime? endsAt) => endsAt is { } end ? $"ends on {end:yyyy-MM-dd HH:mm} UTC" : "has no end date";

    /// <summary>O5 with M8: a root keeps at least one Admin membership without an end date.</summary>
    private async Task RequireLastingRootAdminAsync(AppDbContext db, ActorView view, Membership membership, Organization organization,
        string email, CancellationToken ct)
    {
        if (organization.ParentId is not null || membership.Role != Role.Admin) return;
        var lasting = await db.Memberships.CountAsync(m => m.OrganizationId == organization.Id && m.Role == Role.Admin
            && m.EndsAt == null && m.Id != membership.Id, ct);
        if (lasting == 0)
            throw access.Refuse(view, "O5", $"membership {membership.Id}",
                $"{email} is the last Admin of {organization.Name} without an end date, and {organization.Name} must keep one; " +
                $"make another account Admin of {organization.Name} before giving {email} an end date.");
    }

    /// <summary>M6 and M8: the new owner is in view and has lasting access to each device's organization (D1).</summary>
    private async Task<string> RequireNewOwnerAsync(AppDbContext db, ActorView view, Membership membership,
        IReadOnlyList<StrandedDevice> devices, string newOwnerId, CancellationToken ct)
    {
        var visible = await AccessService.VisibleAccountsAsync(db, view, [newOwnerId], ct);
        var email = visible.Contains(newOwnerId)
            ? await db.Users.Where(u => u.Id == newOwnerId).Select(u => u.Email).SingleOrDefaultAsync(ct)
            : null;
        if (email is null || newOwnerId == membership.AccountId)
            throw new NotFoundException("account");
        foreach (var organizationId in devices.Select(d => d.OrganizationId).Distinct())
        {
            var organization = await OrganizationLabels.ReferenceAsync(db, organizationId, ct);
            if (await LastingAccess.RefusalAsync(db, newOwnerId, email, organization, ct) is { } refusal)
                throw access.Refuse(view, "M8", $"account {newOwnerId}", refusal);
        }
        return email;
    }
}
