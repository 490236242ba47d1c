using DeviceConsole.Data;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// Gives devices a new owner inside the caller's transaction, one transfer audit entry per
/// device (L1). Used where another operation takes access away from an owner and names a new
/// one (O3 moves, M6 removals): the caller has already checked the new owner's access (D1).
/// </summary>
public sealed class DeviceOwnership(AuditLog audit)
{
    public async Task ReassignAsync(AppDbContext db, Actor actor, IReadOnlyCollection<int> deviceIds,
        string newOwnerId, string reason, CancellationToken ct = default)
    {
        if (deviceIds.Count == 0) return;
        var newOwnerEmail = await db.Users.Where(u => u.Id == newOwnerId).Select(u => u.Email).SingleAsync(ct) ?? "";
        var devices = await db.Devices.Include(d => d.Organization)
            .Where(d => deviceIds.Contains(d.Id))
            .ToListAsync(ct);
        var ownerIds = devices.Select(d => d.OwnerId).Distinct().ToList();
        var ownerEmails = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);

        foreach (var device in devices)
        {
            var organization = device.Organization!;
            var oldOwner = ownerEmails.GetValueOrDefault(device.OwnerId, "");
            var versionBefore = device.Version;
            device.TransferTo(device.OrganizationId, newOwnerId);
            audit.DeviceTransferred(db, actor,
                new DeviceHandover(device.Id, device.Name, organization, organization, oldOwner, newOwnerEmail, versionBefore, device.Version),
                reason);
        }
    }
}
