using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>Device entries (D2, D3–D9). Every entry that replaces a device's token stores the old one, which D9 reads back.</summary>
public sealed partial class AuditLog
{
    public AuditEntry DeviceCreated(AppDbContext db, Actor actor, Device device, Organization organization, string ownerEmail) =>
        Write(db, actor, AuditActions.DeviceCreated, AuditTargets.Device, device.Id.ToString(), device.Name,
            $"Registered {device.Name} ({device.SerialNumber}) in {organization.Name}, owned by {ownerEmail}",
            [AuditOrganization.Of(organization)],
            after: new { device.Name, device.SerialNumber, Status = device.Status.ToString(), Owner = ownerEmail, Organization = organization.Name, device.Version });

    /// <summary>D2: name, serial and status as they were before <paramref name="device"/> was edited.</summary>
    public AuditEntry DeviceEdited(AppDbContext db, Actor actor, Device device, string nameBefore, string serialBefore,
        DeviceStatus statusBefore, Guid versionBefore) =>
        Write(db, actor, AuditActions.DeviceEdited, AuditTargets.Device, device.Id.ToString(), device.Name,
            nameBefore == device.Name ? $"Edited {device.Name}" : $"Edited {nameBefore}, now {device.Name}",
            [AuditOrganization.Of(device.Organization!)],
            before: new { Name = nameBefore, SerialNumber = serialBefore, Status = statusBefore.ToString(), Version = versionBefore },
            after: new { device.Name, device.SerialNumber, Status = device.Status.ToString(), device.Version });

    public AuditEntry DeviceDeleted(AppDbContext db, Actor actor, Device device, string ownerEmail) =>
        Write(db, actor, AuditActions.DeviceDeleted, AuditTargets.Device, device.Id.ToString(), device.Name,
            $"Deleted {device.Name} ({device.SerialNumber}) from {device.Organization!.Name}",
            [AuditOrganization.Of(device.Organization)],
            before: new { device.Name, device.SerialNumber, Status = device.Status.ToString(), Owner = ownerEmail, Organization = device.Organization.Name, device.Version });

    /// <summary>
    /// D3: a device's owner or organization changed. <paramref name="reason"/> names the operation
    /// that handed the device over when it was not a transfer of its own (an O3 move, an M6 removal).
    /// </summary>
    public AuditEntry DeviceTransferred(AppDbContext db, Actor actor, DeviceHandover handover, string? reason = null) =>
        Write(db, actor, AuditActions.DeviceTransferred, AuditTargets.Device, handover.DeviceId.ToString(), handover.DeviceName,
            reason is null
                ? $"Transferred {handover.DeviceName} from {handover.From.Name} ({handover.FromOwner}) to {handover.To.Name} ({handover.ToOwner})"
                : $"{handover.DeviceName} passed from {handover.FromOwner} to {handover.ToOwner} ({reason})",
            [AuditOrganization.Of(handover.From, AuditParts.Source), AuditOrganization.Of(handover.To, AuditParts.Destination)],
            before: new { Owner = handover.FromOwner, Organization = handover.From.Name, Version = handover.VersionBefore },
            after: new { Owner = handover.ToOwner, Organization = handover.To.Name, Version = handover.VersionAfter });

    public AuditEntry DemoDeviceCreated(AppDbContext db, Device device, Organization organization) =>
        Write(db, Actor.System, AuditActions.DeviceCreated, AuditTargets.Device, device.Id.ToString(),
            device.Name, $"Registered {device.Name} in {organization.Name} (demo data)", [AuditOrganization.Of(organization)]);
}

