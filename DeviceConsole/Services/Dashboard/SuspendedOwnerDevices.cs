using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Dashboard;

/// <summary>A device whose owner is suspended (S4): someone with access should give it a new owner.</summary>
public sealed record SuspendedOwnerDevice(int Id, string Name, string SerialNumber, string OwnerEmail, string OrganizationName);

/// <summary>
/// S4: a suspended account never owns a device without someone with access being told. Admin and
/// Staff of an organization see the devices of its subtree owned by suspended accounts.
/// </summary>
public sealed class SuspendedOwnerDevices(Operations operations, AccessService access)
{
    public async Task<IReadOnlyList<SuspendedOwnerDevice>> ListAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        if (!view.ManagesDevicesIn(organization.Path))
            return [];
        var subtree = db.Organizations.Where(PathFilter.InSubtree<Organization>(o => o.Path, organization.Path));
        return await db.Devices.AsNoTracking()
            .Join(subtree, d => d.OrganizationId, o => o.Id, (d, o) => new { Device = d, OrganizationName = o.Name })
            .Join(db.Users.Where(u => u.SuspendedAt != null), x => x.Device.OwnerId, u => u.Id,
                (x, u) => new { x.Device.Id, x.Device.Name, x.Device.SerialNumber, OwnerEmail = u.Email, x.OrganizationName })
            .OrderBy(x => x.SerialNumber)
            .Take(DashboardQueries.MaxWarningsPerKind)
            .Select(x => new SuspendedOwnerDevice(x.Id, x.Name, x.SerialNumber, x.OwnerEmail ?? "", x.OrganizationName))
            .ToListAsync(ct);
    }
}
