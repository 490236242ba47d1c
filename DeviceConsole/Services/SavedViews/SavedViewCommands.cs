using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.SavedViews;

/// <summary>
/// Saving, renaming, sharing and deleting saved views (V1, V2). Each change commits with its audit
/// entry (L1), inside a transaction begun before the checks read anything (A3).
/// </summary>
public sealed class SavedViewCommands(Operations operations, AccessService access, AuditLog audit, TimeProvider clock)
{
    /// <summary>V1: saves the settings under a name, private or shared with an organization where the actor is Admin.</summary>
    public async Task<int> SaveAsync(string name, SavedViewSettings settings, int? shareWithOrganizationId = null, CancellationToken ct = default)
    {
        var validName = SavedView.ValidateName(name);
        var tags = (settings.Tags ?? []).Select(DeviceTag.Validate).DistinctBy(DeviceTag.Normalize).ToList();
        if (!Enum.IsDefined(settings.SortBy) || settings.Status is { } st && !Enum.IsDefined(st))
            throw new DomainException("These grid settings cannot be saved.");
        if (!SavedViewSettings.PageSizes.Contains(settings.PageSize))
            throw new DomainException($"A page has {string.Join(", ", SavedViewSettings.PageSizes)} rows.");

        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var listed = await access.RequireVisibleAsync(db, view, settings.OrganizationId, ct);
        var shared = shareWithOrganizationId is { } sharedId ? await RequireShareTargetAsync(db, view, sharedId, listed, ct) : null;

        var saved = SavedView.Create(view.AccountId, validName, listed.Id, clock.GetUtcNow().UtcDateTime);
        saved.Settle(listed.Id, settings.IncludeSubOrganizations, settings.Search, settings.Status, tags, settings.SortBy.ToString(),
            settings.Descending, settings.PageSize);
        saved.ShareWith(shared?.Id);
        await RequireFreeNameAsync(db, view, saved, shared, ct);
        db.SavedViews.Add(saved);
        await db.SaveChangesAsync(ct);
        audit.SavedViewCreated(db, view.AsActor(), saved, await EntityAsync(db, shared?.Id ?? listed.Id, ct), shared is not null);
        await op.CommitAsync(ct);
        return saved.Id;
    }

    public async Task RenameAsync(int savedViewId, string name, CancellationToken ct = default)
    {
        var validName = SavedView.ValidateName(name);
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var (saved, scope) = await LoadForChangeAsync(db, view, savedViewId, "Renaming", ct);
        var before = saved.Name;
        if (before == validName) return;
        saved.Rename(validName);
        await RequireFreeNameAsync(db, view, saved, saved.SharedOrganizationId is null ? null : scope, ct);
        audit.SavedViewRenamed(db, view.AsActor(), saved, await EntityAsync(db, scope.Id, ct), before);
        await op.CommitAsync(ct);
    }

    /// <summary>V1: only the owner shares its view, with an organization where it is Admin now; null makes it private again.</summary>
    public async Task ShareAsync(int savedViewId, int? organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var (saved, _) = await LoadForChangeAsync(db, view, savedViewId, "Sharing", ct);
        if (saved.OwnerId != view.AccountId)
            throw access.Refuse(view, "V1", $"saved view {saved.Id}", $"Only the owner of \"{saved.Name}\" shares it.");
        if (saved.SharedOrganizationId == organizationId) return;
        var listed = await access.RequireVisibleAsync(db, view, saved.OrganizationId, ct);
        var shared = organizationId is { } id ? await RequireShareTargetAsync(db, view, id, listed, ct) : null;
        saved.ShareWith(shared?.Id);
        await RequireFreeNameAsync(db, view, saved, shared, ct);
        audit.SavedViewShared(db, view.AsActor(), saved, await EntityAsync(db, shared?.Id ?? listed.Id, ct), shared?.Name);
        await op.CommitAsync(ct);
    }

    public async Task DeleteAsync(int savedViewId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var (saved, scope) = await LoadForChangeAsync(db, view, savedViewId, "Deleting", ct);
        db.SavedViews.Remove(saved);
        audit.SavedViewDeleted(db, view.AsActor(), saved, await EntityAsync(db, scope.Id, ct));
        await op.CommitAsync(ct);
    }

    /// <summary>V2: the owner, or an Admin of the organization it is shared with, changes a view; anyone else reachable is refused, the rest not found.</summary>
    private async Task<(SavedView View, OrganizationRef Scope)> LoadForChangeAsync(AppDbContext db, ActorView view, int savedViewId,
        string verb, CancellationToken ct)
    {
        var candidate = await SavedViewQueries.Candidates(db, view, savedViewId).SingleOrDefaultAsync(ct);
        var row = candidate is null ? null : SavedViewQueries.ToRow(candidate, view);
        if (row is null) throw new NotFoundException("saved view");
        var scope = await access.RequireVisibleAsync(db, view, row.SharedOrganizationId ?? row.Settings.OrganizationId, ct);
        if (!row.CanChange)
            throw access.Refuse(view, "V2", $"saved view {row.Id}",
                $"{verb} \"{row.Name}\" needs its owner or Admin in {row.SharedOrganizationName}.");
        return (await db.SavedViews.SingleAsync(v => v.Id == savedViewId, ct), scope);
    }

    /// <summary>V1: a view is shared with an organization where the actor is Admin, and lists that organization or one below it.</summary>
    private async Task<OrganizationRef> RequireShareTargetAsync(AppDbContext db, ActorView view, int organizationId, OrganizationRef listed,
        CancellationToken ct)
    {
        var target = await access.RequireVisibleAsync(db, view, organizationId, ct);
        access.RequireRole(view, target, Role.Admin, "Sharing a view", "V1");
        if (!OrganizationPath.IsInSubtree(listed.Path, target.Path))
            throw access.Refuse(view, "V1", $"organization {target.Id}",
                $"A view shared with {target.Name} lists {target.Name} or one of its sub-organizations, not {listed.Name}.");
        return target;
    }

    /// <summary>V1: names are unique per owner (private views) or per organization (shared ones), ignoring case.</summary>
    private async Task RequireFreeNameAsync(AppDbContext db, ActorView view, SavedView saved, OrganizationRef? shared, CancellationToken ct)
    {
        var taken = shared is null
            ? await db.SavedViews.AnyAsync(v => v.Id != saved.Id && v.OwnerId == saved.OwnerId && v.SharedOrganizationId == null
                && v.NormalizedName == saved.NormalizedName, ct)
            : await db.SavedViews.AnyAsync(v => v.Id != saved.Id && v.SharedOrganizationId == shared.Id
                && v.NormalizedName == saved.NormalizedName, ct);
        if (taken)
            throw access.Refuse(view, "V1", $"saved view {saved.Name}", shared is null
                ? $"You already have a view named \"{saved.Name}\"; choose another name."
                : $"{shared.Name} already has a shared view named \"{saved.Name}\"; choose another name.");
    }

    private static Task<Organization> EntityAsync(AppDbContext db, int organizationId, CancellationToken ct) =>
        db.Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId, ct);
}
