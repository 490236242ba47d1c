using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Organizations;

/// <summary>Reads of the organization tree, always within the actor's view.</summary>
public sealed class OrganizationQueries(Operations operations, AccessService access)
{
    /// <summary>A5: every organization where the actor has an effective role, as a forest ordered by label.</summary>
    public async Task<IReadOnlyList<ForestNode>> GetSwitcherAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var nodes = await OrganizationForest.LoadAsync(db, view, view.VisibleSubtrees, ct);
        return nodes.OrderBy(n => n.Label, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<OrganizationRef> GetAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        return await access.RequireVisibleAsync(db, view, organizationId, ct);
    }

    /// <summary>
    /// The subtree of an organization with per-node counts, in one query per kind of count.
    /// Device counts are of the devices the actor may see in each node (A2: a User counts its own).
    /// </summary>
    public async Task<IReadOnlyList<OrganizationNode>> GetSubtreeAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var root = await access.RequireVisibleAsync(db, view, organizationId, ct);

        var organizations = await db.Organizations.AsNoTracking()
            .Where(PathFilter.InSubtree<Organization>(o => o.Path, root.Path))
            .Select(o => new { o.Id, o.Name, o.ParentId, o.Path })
            .ToListAsync(ct);

        var deviceCounts = await DeviceVisibility.Apply(db.Devices.AsNoTracking(), view, root.Path, includeSubtree: true)
            .GroupBy(d => d.OrganizationId)
            .Select(g => new { OrganizationId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.OrganizationId, x => x.Count, ct);

        var managedIds = organizations.Where(o => view.ManagesDevicesIn(o.Path)).Select(o => o.Id).ToList();
        var memberCounts = await db.Memberships.AsNoTracking()
            .Where(m => managedIds.Contains(m.OrganizationId))
            .GroupBy(m => m.OrganizationId)
            .Select(g => new { OrganizationId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.OrganizationId, x => x.Count, ct);

        return organizations
            .OrderBy(o => o.Path.Length).ThenBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(o =>
            {
                var role = view.EffectiveRole(o.Path)!.Value;
                int? members = role.CanManageDevices() ? memberCounts.GetValueOrDefault(o.Id) : null;
                return new OrganizationNode(o.Id, o.Name, o.Id == root.Id ? null : o.ParentId, o.Path, role,
                    deviceCounts.GetValueOrDefault(o.Id), members);
            })
            .ToList();
    }
}
