using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Organizations;

/// <summary>The organizations under some subtree roots, read in two queries whatever their number.</summary>
public static class OrganizationForest
{
    /// <param name="subtrees">Subtree roots where the actor has a role (e.g. <see cref="ActorView.VisibleSubtrees"/>).</param>
    public static async Task<IReadOnlyList<ForestNode>> LoadAsync(AppDbContext db, ActorView view, IReadOnlyList<string> subtrees,
        CancellationToken ct = default)
    {
        if (subtrees.Count == 0) return [];
        var organizations = await db.Organizations.AsNoTracking()
            .Where(PathFilter.InAnySubtree<Organization>(o => o.Path, subtrees))
            .Select(o => new { o.Id, o.Name, o.ParentId, o.Path })
            .ToListAsync(ct);
        var ids = organizations.Select(o => o.Id).ToHashSet();
        var names = await OrganizationLabels.AncestorNamesAsync(db,
            organizations.Where(o => o.ParentId is { } parent && !ids.Contains(parent)).Select(o => o.Path), ct);

        return organizations
            .Select(o =>
            {
                var topLevel = o.ParentId is not { } parent || !ids.Contains(parent);
                var label = topLevel && o.ParentId is not null ? OrganizationLabels.PathLabel(o.Path, names) : o.Name;
                return new ForestNode(o.Id, o.Name, topLevel ? null : o.ParentId, o.Path, view.EffectiveRole(o.Path)!.Value, label, topLevel);
            })
            .ToList();
    }
}
