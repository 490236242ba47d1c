using System.Linq.Expressions;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// A2 and A6 as one SQL filter: a device of the listed organization (and, optionally, its
/// subtree) is visible when the actor has Admin or Staff effective in the device's own
/// organization, or owns it.
/// </summary>
public static class DeviceVisibility
{
    public static IQueryable<Device> Apply(IQueryable<Device> devices, ActorView view, string listedPath, bool includeSubtree)
    {
        devices = includeSubtree
            ? devices.Where(PathFilter.InSubtree<Device>(d => d.Organization!.Path, listedPath))
            : devices.Where(d => d.Organization!.Path == listedPath);

        // Managing the listed organization means managing its whole subtree: no further filter.
        if (view.ManagesDevicesIn(listedPath))
            return devices;

        var accountId = view.AccountId;
        Expression<Func<Device, bool>> owned = d => d.OwnerId == accountId;
        var managedBelow = view.ManagedSubtrees.Where(p => OrganizationPath.IsInSubtree(p, listedPath)).ToList();
        if (managedBelow.Count == 0)
            return devices.Where(owned);

        var managed = PathFilter.InAnySubtree<Device>(d => d.Organization!.Path, managedBelow);
        return devices.Where(PathFilter.Or(managed, owned));
    }
}
