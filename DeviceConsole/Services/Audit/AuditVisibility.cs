using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Audit;

/// <summary>
/// L3 as one SQL predicate: an entry is visible when one of its stored organizations lies, by its
/// stored path, in a subtree the actor administers now, or, for a device entry, in a subtree the
/// actor manages (Admin or Staff) now, or its target is a device the actor manages now. Written in
/// the shape that suits how much of the log the actor sees.
/// </summary>
public static class AuditVisibility
{
    /// <summary>The share of the fleet's devices under the actor's subtrees from which the log is read entry by entry.</summary>
    private const double BroadShare = 0.05;

    /// <param name="broad">The shape to use; by default chosen from the actor's share of the fleet (tests compare both).</param>
    public static async Task<IQueryable<AuditEntry>> ApplyAsync(AppDbContext db, ActorView view, CancellationToken ct, bool? broad = null)
    {
        // Subtrees managed as Staff only; where the actor is Admin, the organization test already holds.
        var staffOnly = view.ManagedSubtrees
            .Where(m => !view.AdministeredSubtrees.Any(a => OrganizationPath.IsInSubtree(m, a))).ToList();
        // Devices never leave their tree, so every entry of a device in a managed root already names
        // an organization of that tree: only subtrees below a root need the device test.
        var deviceSubtrees = view.ManagedSubtrees.Where(p => OrganizationPath.Level(p) > 1).ToList();
        var managedDevices = db.Devices
            .Where(PathFilter.InAnySubtree<Device>(d => d.Organization!.Path, deviceSubtrees))
            .Select(d => d.Id.ToString());
        var entries = db.AuditEntries.AsNoTracking();

        if (broad ?? await IsBroadAsync(db, view, ct))
        {
            // Correlated EXISTS: a page walks the time index and stops after its rows.
            var administered = PathFilter.InAnySubtree<AuditOrganization>(o => o.Path, view.AdministeredSubtrees);
            var managed = PathFilter.InAnySubtree<AuditOrganization>(o => o.Path, staffOnly);
            return (staffOnly.Count, deviceSubtrees.Count) switch
            {
                (0, 0) => entries.Where(e => e.Organizations.AsQueryable().Any(administered)),
                (0, _) => entries.Where(e => e.Organizations.AsQueryable().Any(administered)
                    || (e.TargetType == AuditTargets.Device && managedDevices.Contains(e.TargetId))),
                _ => entries.Where(e => e.Organizations.AsQueryable().Any(administered)
                    || (e.TargetType == AuditTargets.Device && (e.Organizations.AsQueryable().Any(managed) || managedDevices.Contains(e.TargetId)))),
            };
        }

        // A small share of the log: the visible IDs from the path and target indexes, then only those entries.
        var visible = db.AuditOrganizations.Where(PathFilter.InAnySubtree<AuditOrganization>(o => o.Path, view.AdministeredSubtrees))
            .Select(o => o.AuditEntryId);
        if (staffOnly.Count > 0)
            visible = visible.Union(db.AuditOrganizations.Where(PathFilter.InAnySubtree<AuditOrganization>(o => o.Path, staffOnly))
                .Join(db.AuditEntries.Where(e => e.TargetType == AuditTargets.Device), o => o.AuditEntryId, e => e.Id, (o, e) => e.Id));
        if (deviceSubtrees.Count > 0)
            visible = visible.Union(db.AuditEntries.Where(e => e.TargetType == AuditTargets.Device && managedDevices.Contains(e.TargetId))
                .Select(e => e.Id));
        return entries.Where(e => visible.Contains(e.Id));
    }

    /// <summary>Whether the actor's subtrees hold a large share of the fleet, read from the per-organization device counts.</summary>
    private static async Task<bool> IsBroadAsync(AppDbContext db, ActorView view, CancellationToken ct)
    {
        var mine = db.Organizations.Where(PathFilter.InAnySubtree<Organization>(o => o.Path, view.ManagedSubtrees)).Select(o => o.Id);
        var counts = await db.DeviceCounts
            .GroupBy(c => 1)
            .Select(g => new { All = g.Sum(c => c.Count), Mine = g.Sum(c => mine.Contains(c.OrganizationId) ? c.Count : 0) })
            .SingleOrDefaultAsync(ct);
        return counts is null || counts.All == 0 || counts.Mine >= BroadShare * counts.All;
    }
}
