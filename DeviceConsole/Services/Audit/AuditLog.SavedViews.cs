using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>Saved-view entries (V1, V2), filed under the organization a view is shared with, or the one it lists while private.</summary>
public sealed partial class AuditLog
{
    public AuditEntry SavedViewCreated(AppDbContext db, Actor actor, SavedView view, Organization organization, bool shared) =>
        Write(db, actor, AuditActions.SavedViewCreated, AuditTargets.SavedView, view.Id.ToString(), view.Name,
            shared ? $"Saved the view \"{view.Name}\", shared with {organization.Name}" : $"Saved the private view \"{view.Name}\"",
            [AuditOrganization.Of(organization)], after: Settings(view));

    public AuditEntry SavedViewRenamed(AppDbContext db, Actor actor, SavedView view, Organization organization, string nameBefore) =>
        Write(db, actor, AuditActions.SavedViewChanged, AuditTargets.SavedView, view.Id.ToString(), view.Name,
            $"Renamed the view \"{nameBefore}\" to \"{view.Name}\"", [AuditOrganization.Of(organization)],
            before: new { Name = nameBefore }, after: new { view.Name });

    public AuditEntry SavedViewShared(AppDbContext db, Actor actor, SavedView view, Organization organization, string? sharedWith) =>
        Write(db, actor, AuditActions.SavedViewChanged, AuditTargets.SavedView, view.Id.ToString(), view.Name,
            sharedWith is null ? $"Made the view \"{view.Name}\" private" : $"Shared the view \"{view.Name}\" with {sharedWith}",
            [AuditOrganization.Of(organization)], after: new { SharedWith = sharedWith });

    public AuditEntry SavedViewDeleted(AppDbContext db, Actor actor, SavedView view, Organization organization) =>
        Write(db, actor, AuditActions.SavedViewDeleted, AuditTargets.SavedView, view.Id.ToString(), view.Name,
            $"Deleted the view \"{view.Name}\"", [AuditOrganization.Of(organization)], before: Settings(view));

    private static object Settings(SavedView view) => new
    {
        view.Name, view.IncludeSubOrganizations, view.Search, Status = view.Status?.ToString(), Tags = view.TagList,
        view.SortBy, view.Descending, view.PageSize,
    };
}
