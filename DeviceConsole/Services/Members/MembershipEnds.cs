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
    DeviceOwnership ownership, MembershipChecks checks, TimeProvider clock)
{
    public async Task<MemberChangeResult> SetEndAsync(int membershipId, DateTime? endsAtUtc, string? newOwnerId = null,
        CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var (membership, organization, email) = await checks.LoadForAdminAsync(db, view, membershipId, "Setting an end date", ct);

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
            await checks.RequireAnotherRootAdminAsync(db, view, membership, organization, email, $"giving {email} an end date", ct);
            var stranded = await MembershipChecks.StrandedDevicesAsync(db, membership, organization.Path, ct);
            if (stranded.Count > 0)
            {
                if (string.IsNullOrEmpty(newOwnerId))
                    throw access.Refuse(view, "M8", $"membership {membership.Id}",
                        $"{email} owns {MessageText.Count(stranded.Count, "device")} that it could no longer reach once this membership ends: " +
                        $"{MessageText.List(stranded.Select(d => d.SerialNumber))}. Transfer them first, or name a new owner for them.");
                var newOwner = await checks.RequireNewOwnerAsync(db, view, membership, stranded, newOwnerId, "whose membership ends", ct);
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
}
