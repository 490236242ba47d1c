using System.Linq.Expressions;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// The device list's total (A6), exact and read from the per-organization counts the database keeps
/// (<see cref="Data.Counters.DeviceCount"/>): a sum over the subtree's organizations instead of a
/// count over its devices. Where the actor is only a User, the devices it owns outside the subtrees it
/// manages are counted by their owner index. A search or a tag filter counts the matching devices.
/// The total is an expression, not a query of its own, so the page's command carries it.
/// </summary>
public static class DeviceTotals
{
    public static Expression<Func<int>> Of(AppDbContext db, ActorView view, string listedPath, DeviceListRequest request,
        IQueryable<Device> matching)
    {
        if (!string.IsNullOrWhiteSpace(request.Search) || (request.Tags ?? []).Any(t => !string.IsNullOrWhiteSpace(t)))
            return () => matching.Count();

        var subtree = request.IncludeSubOrganizations;
        IReadOnlyList<string> managed = view.ManagesDevicesIn(listedPath) ? [listedPath]
            : subtree ? view.ManagedSubtrees.Where(p => OrganizationPath.IsInSubtree(p, listedPath)).ToList()
            : [];
        IQueryable<Data.Counters.DeviceCount>? counts = null;
        if (managed.Count > 0)
        {
            var organizations = subtree || managed[0] != listedPath
                ? db.Organizations.Where(PathFilter.InAnySubtree<Organization>(o => o.Path, managed))
                : db.Organizations.Where(o => o.Path == listedPath);
            counts = db.DeviceCounts.Where(c => organizations.Select(o => o.Id).Contains(c.OrganizationId));
            if (request.Status is { } status)
                counts = counts.Where(c => c.Status == status);
            if (managed.Count == 1 && managed[0] == listedPath)
                return () => counts.Sum(c => c.Count);
        }

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
        return counts is null ? () => owned.Count() : () => counts.Sum(c => c.Count) + owned.Count();
    }

    /// <summary>A projection with the total spliced in for its second parameter: one scalar subquery in the row's SQL.</summary>
    public static Expression<Func<T, TResult>> Into<T, TResult>(Expression<Func<T, int, TResult>> shape, Expression<Func<int>> total) =>
        Expression.Lambda<Func<T, TResult>>(new Splice(shape.Parameters[1], total.Body).Visit(shape.Body), shape.Parameters[0]);

    private sealed class Splice(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : base.VisitParameter(node);
    }
}
