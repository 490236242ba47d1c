using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Audit;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// Creating, editing and deleting devices (D1, D2, D9). Owner and organization change only
/// through <see cref="TransferService"/>. Each change commits with its audit entry (L1).
/// </summary>
public sealed class DeviceCommands(Operations operations, AccessService access, AuditLog audit,
    DeviceConcurrency concurrency, TimeProvider clock)
{
    public async Task<DeviceChangeResult> CreateAsync(int organizationId, DeviceDraft draft, string? ownerId = null, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Organization(organizationId), ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        access.RequireRole(view, organization, Role.Staff, "Creating devices", "D2");

        var device = Device.Create(draft.Name, draft.SerialNumber, organization.Id, ownerId ?? view.AccountId, draft.Status,
            clock.GetUtcNow().UtcDateTime);
        await RequireFreeSerialAsync(db, device.SerialNumber, null, ct);
        var owner = await OwnerEmailWithRoleAsync(db, device.OwnerId, organization.Path, ct)
            ?? throw access.Refuse(view, "D1", $"organization {organization.Id}",
                $"The owner must have a role in {organization.Name} or an organization above it.");
        // M8: not an owner whose only access there ends at a set date, so D1 holds as time passes.
        if (await LastingAccess.RefusalAsync(db, device.OwnerId, owner, organization, ct) is { } ending)
            throw access.Refuse(view, "M8", $"organization {organization.Id}", ending);

        db.Devices.Add(device);
        await SaveAsync(db, device.SerialNumber, ct);
        var entity = await db.Organizations.SingleAsync(o => o.Id == organization.Id, ct);
        audit.DeviceCreated(db, view.AsActor(), device, entity, owner);
        await op.CommitAsync(ct);
        return new DeviceChangeResult(device.Id, $"{device.Name} was created in {organization.Name}.");
    }

    /// <summary>D2: name, serial and status only; D9: based on the token the actor loaded.</summary>
    public async Task<DeviceChangeResult> EditAsync(DeviceToken token, DeviceDraft draft, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Device(token.DeviceId), ct);
        var (db, view) = op;
        var device = await LoadManagedAsync(db, view, token, "Editing devices", ct);

        var before = (device.Name, device.SerialNumber, device.Status, device.Version);
        var name = Device.ValidateName(draft.Name);
        var serial = Device.ValidateSerial(draft.SerialNumber);
        if (name == device.Name && serial == device.SerialNumber && draft.Status == device.Status)
            return new DeviceChangeResult(device.Id, $"Nothing to save: {device.Name} is unchanged.");
        if (Device.NormalizeSerial(serial) != device.NormalizedSerialNumber)
            await RequireFreeSerialAsync(db, serial, device.Id, ct);

        device.Edit(name, serial, draft.Status);
        audit.DeviceEdited(db, view.AsActor(), device, before.Name, before.SerialNumber, before.Status, before.Version);
        await SaveAsync(db, serial, ct);
        await op.CommitAsync(ct);
        return new DeviceChangeResult(device.Id, $"{device.Name} was saved.");
    }

    /// <summary>D2: deleting keeps the device's audit entries (D10); D9: based on the token the actor loaded.</summary>
    public async Task<DeviceChangeResult> DeleteAsync(DeviceToken token, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Device(token.DeviceId), ct);
        var (db, view) = op;
        var device = await LoadManagedAsync(db, view, token, "Deleting devices", ct);
        var owner = await db.Users.Where(u => u.Id == device.OwnerId).Select(u => u.Email).SingleAsync(ct) ?? "";

        db.Devices.Remove(device);
        audit.DeviceDeleted(db, view.AsActor(), device, owner);
        await op.CommitAsync(ct);
        return new DeviceChangeResult(device.Id, $"{device.Name} was deleted; its history stays in the audit log.");
    }

    /// <summary>D1, D4: the accounts with an effective role in the organization, for Admin and Staff there (A4).</summary>
    public async Task<IReadOnlyList<OwnerCandidate>> OwnerCandidatesAsync(int organizationId, string? search = null, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        access.RequireRole(view, organization, Role.Staff, "Seeing who has access", "A4");

        var ancestorIds = OrganizationPath.Ids(organization.Path);
        var query = db.Memberships.AsNoTracking()
            .Where(m => ancestorIds.Contains(m.OrganizationId))
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new { m.AccountId, Email = u.Email!, m.Role });
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(x => x.Email.Contains(term));
        }
        // Ordered before the cap, so a large organization gives the same first 500 every time.
        var rows = await query.OrderBy(x => x.Email).ThenBy(x => x.AccountId).Take(500).ToListAsync(ct);
        return rows.GroupBy(r => r.AccountId)
            .Select(g => new OwnerCandidate(g.Key, g.First().Email, g.Max(r => r.Role)))
            .OrderBy(c => c.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// The device for a change by Admin or Staff: not found outside the view (A4), refused for a
    /// User owner (A2), and D9 when the token the actor holds is no longer the device's.
    /// </summary>
    private async Task<Device> LoadManagedAsync(AppDbContext db, ActorView view, DeviceToken token, string action, CancellationToken ct)
    {
        var device = await db.Devices.Include(d => d.Organization).SingleOrDefaultAsync(d => d.Id == token.DeviceId, ct);
        if (device is null || !view.SeesDevice(device.Organization!.Path, device.OwnerId))
        {
            var gone = await concurrency.ExplainGoneAsync(db, [token], ct);
            throw gone.TryGetValue(token.DeviceId, out var reason) ? new DomainException(reason.Reason) : new NotFoundException("device");
        }
        if (!view.ManagesDevicesIn(device.Organization.Path))
            throw access.Refuse(view, "D2", $"device {device.Id}", $"{action} needs Staff in {device.Organization!.Name}.");
        if (device.Version != token.Version)
        {
            var reasons = await concurrency.ExplainChangedAsync(db, view, [(device.Id, device.Name)], ct);
            throw access.Refuse(view, "D9", $"device {device.Id}", reasons[device.Id]);
        }
        return device;
    }

    private static async Task RequireFreeSerialAsync(AppDbContext db, string serial, int? deviceId, CancellationToken ct)
    {
        var normalized = Device.NormalizeSerial(serial);
        if (await db.Devices.AnyAsync(d => d.NormalizedSerialNumber == normalized && d.Id != deviceId, ct))
            throw SerialTaken(serial);
    }

    // D2: the one message that may reveal a device outside the view exists, and nothing more about it.
    private static DomainException SerialTaken(string serial) => new($"Serial number {serial} is already registered.");

    private static async Task SaveAsync(AppDbContext db, string serial, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException?.Message.Contains("NormalizedSerialNumber", StringComparison.Ordinal) == true)
        {
            throw SerialTaken(serial);
        }
    }

    private static async Task<string?> OwnerEmailWithRoleAsync(AppDbContext db, string ownerId, string organizationPath, CancellationToken ct)
    {
        var ancestorIds = OrganizationPath.Ids(organizationPath);
        var hasRole = await db.Memberships.AnyAsync(m => m.AccountId == ownerId && ancestorIds.Contains(m.OrganizationId), ct);
        return hasRole ? await db.Users.Where(u => u.Id == ownerId).Select(u => u.Email).SingleOrDefaultAsync(ct) : null;
    }
}
