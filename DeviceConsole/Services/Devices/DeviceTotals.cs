using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// The device list's total (A6), exact and read from the per-organization counts the database keeps
/// (<see cref="Data.Counters.DeviceCount"/>): a sum over the subtree's organizations instead of a
/// count over its devices. Where the actor is only a User, the devices it owns outside the subtrees it
/// manages are counted by their owner index. A search or a tag filter counts the matching devices.
/// </summary>
public static class DeviceTotals
{
    public static async Task<int> CountAsync(AppDbContext db, ActorView view, string listedPath, DeviceListRequest request,
        IQueryable<Device> matching, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(request.Search) || (request.Tags ?? []).Any(t => !string.IsNullOrWhiteSpace(t)))
            return await matching.CountAsync(ct);

        var subtree = request.IncludeSubOrganizations;
        IReadOnlyList<string> managed = view.ManagesDevicesIn(listedPath) ? [listedPath]
            : subtree ? view.ManagedSubtrees.Where(p => OrganizationPath.IsInSubtree(p, listedPath)).ToList()
            : [];
        var total = 0;
        if (managed.Count > 0)
        {
            var organizations = subtree || managed[0] != listedPath
                ? db.Organizations.Where(PathFilter.InAnySubtree<Organization>(o => o.Path, managed))
                : db.Organizations.Where(o => o.Path == listedPath);
            var counts = db.DeviceCounts.Where(c => organizations.Select(o => o.Id).Contains(c.OrganizationId));
            if (request.Status is { } status)
                counts = counts.Where(c => c.Status == status);
            total += await counts.SumAsync(c => c.Count, ct);
        }
        if (managed.Count == 1 && managed[0] == listedPath)
            return total;

        // A2: outside the subtrees it manages, a User sees the devices it owns.
        var accountId = view.AccountId;
        var owned = db.Devices.Where(d => d.OwnerId == accountId);
        owned = subtree
            ? owned.Where(PathFilter.InSubtree<Device>(d => d.Organization!.Path, listedPath))
            : owned.Where(d => d.Organization!.Path == listedPath);
        if (managed.Count > 0)
            owned = owned.Where(PathFilter.Not(PathFilter.InAnySubtree<Device>(d => d.Organization!.Path, managed)));
        if (request.Status is { } ownedStatus)
            owned = owned.Where(d => d.Status == ownedStatus);
        return total + await owned.CountAsync(ct);
    }
}
