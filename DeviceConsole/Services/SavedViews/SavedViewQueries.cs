using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.SavedViews;

/// <summary>
/// Saved views the actor may open (V1, V2): its own, and those shared with an organization where
/// it is Admin or Staff now. A view whose organization the opener no longer sees is not found; its
/// devices are always computed within the opener's view by the device list itself (A4, A6).
/// </summary>
public sealed class SavedViewQueries(Operations operations)
{
    public async Task<IReadOnlyList<SavedViewRow>> ListAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var rows = await Candidates(db, view).ToListAsync(ct);
        return rows.Select(r => ToRow(r, view)).OfType<SavedViewRow>()
            .OrderBy(r => r.IsShared).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>V2: the settings to open, or not found when the view is outside the opener's reach now.</summary>
    public async Task<SavedViewRow> OpenAsync(int savedViewId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var row = await Candidates(db, view, savedViewId).SingleOrDefaultAsync(ct);
        return (row is null ? null : ToRow(row, view)) ?? throw new NotFoundException("saved view");
    }

    /// <summary>V1: the organizations the actor may share a view with (Admin there), with their path labels.</summary>
    public async Task<IReadOnlyList<ShareTarget>> ShareTargetsAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        if (view.AdministeredSubtrees.Count == 0) return [];
        var organizations = await db.Organizations.AsNoTracking()
            .Where(PathFilter.InAnySubtree<Organization>(o => o.Path, view.AdministeredSubtrees))
            .Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct);
        var names = await OrganizationLabels.AncestorNamesAsync(db, organizations.Select(o => o.Path), ct);
        return organizations.Select(o => new ShareTarget(o.Id, o.Name, OrganizationLabels.PathLabel(o.Path, names)))
            .OrderBy(o => o.PathLabel, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    internal sealed record Candidate(SavedView View, string OwnerEmail, string OrganizationName, string OrganizationPath,
        string? SharedName, string? SharedPath);

    /// <summary>Own views and every shared view; <see cref="ToRow"/> keeps those the actor reaches now.</summary>
    internal static IQueryable<Candidate> Candidates(AppDbContext db, ActorView view, int? savedViewId = null)
    {
        var accountId = view.AccountId;
        var managed = view.ManagedSubtrees;
        var inManaged = PathFilter.InAnySubtree<Organization>(o => o.Path, managed);
        var managedIds = db.Organizations.Where(inManaged).Select(o => o.Id);
        var views = db.SavedViews.AsNoTracking();
        if (savedViewId is { } id)
            views = views.Where(v => v.Id == id);
        return views
            .Where(v => v.OwnerId == accountId || (v.SharedOrganizationId != null && managedIds.Contains(v.SharedOrganizationId.Value)))
            .Select(v => new Candidate(v,
                db.Users.Where(u => u.Id == v.OwnerId).Select(u => u.Email!).FirstOrDefault() ?? "",
                db.Organizations.Where(o => o.Id == v.OrganizationId).Select(o => o.Name).First(),
                db.Organizations.Where(o => o.Id == v.OrganizationId).Select(o => o.Path).First(),
                db.Organizations.Where(o => o.Id == v.SharedOrganizationId).Select(o => o.Name).FirstOrDefault(),
                db.Organizations.Where(o => o.Id == v.SharedOrganizationId).Select(o => o.Path).FirstOrDefault()));
    }

    internal static SavedViewRow? ToRow(Candidate c, ActorView view)
    {
        var v = c.View;
        var isOwn = v.OwnerId == view.AccountId;
        // V2: the opener must see the listed organization now, and a shared view needs Admin or Staff where it is shared.
        if (!view.Sees(c.OrganizationPath)) return null;
        var managesShared = c.SharedPath is not null && view.ManagesDevicesIn(c.SharedPath);
        if (!isOwn && !managesShared) return null;
        var canChange = isOwn || (c.SharedPath is not null && view.Administers(c.SharedPath));
        var sort = Enum.TryParse<DeviceSort>(v.SortBy, out var s) ? s : DeviceSort.Name;
        return new SavedViewRow(v.Id, v.Name, c.OwnerEmail, isOwn, v.SharedOrganizationId, c.SharedName, c.OrganizationName, canChange,
            new SavedViewSettings(v.OrganizationId, v.IncludeSubOrganizations, v.Search, v.Status, v.TagList, sort, v.Descending, v.PageSize));
    }
}
