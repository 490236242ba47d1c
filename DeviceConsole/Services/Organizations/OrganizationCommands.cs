using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Organizations;

/// <summary>
/// Creating, renaming and deleting organizations (O1, O2, O4); moves live in <see cref="OrganizationMoves"/>. Each write opens its
/// transaction before reading anything, checks every rule inside it, and commits the change
/// with its audit entry (A3, L1).
/// </summary>
public sealed class OrganizationCommands(
    Operations operations,
    AccessService access,
    AuditLog audit,
    IOptions<OrganizationOptions> options,
    TimeProvider clock)
{
    private int MaxDepth => options.Value.MaxDepth;

    /// <summary>The buttons to offer on an organization: all management needs Admin (A2).</summary>
    public async Task<OrganizationActions> GetActionsAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        if (!view.Administers(organization.Path))
            return OrganizationActions.None;
        var parentPath = OrganizationPath.ParentPath(organization.Path);
        var adminOfParent = parentPath is not null && view.Administers(parentPath);
        return new OrganizationActions(CanCreate: true, CanRename: true, CanMove: adminOfParent, CanDelete: adminOfParent);
    }

    /// <summary>Live validation for the create dialog: the same checks as <see cref="CreateAsync"/>, or null when they pass.</summary>
    public Task<string?> CheckNewNameAsync(int parentId, string? name, CancellationToken ct = default) =>
        FirstRefusalAsync((db, view) => CheckCreateAsync(db, view, parentId, name, ct), ct);

    public async Task<OrganizationChangeResult> CreateAsync(CreateOrganizationRequest request, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Organization(request.ParentId), ct);
        var (db, view) = op;
        var (parent, name) = await CheckCreateAsync(db, view, request.ParentId, request.Name, ct);

        var parentEntity = await db.Organizations.SingleAsync(o => o.Id == parent.Id, ct);
        var organization = Organization.Create(name, parentEntity, clock.GetUtcNow().UtcDateTime);
        db.Organizations.Add(organization);
        await SiblingNames.SaveAsync(db, name, parent.Name, ct);
        organization.AssignPath(parentEntity.Path);
        audit.OrganizationCreated(db, view.AsActor(), organization, parent);
        await op.CommitAsync(ct);
        return new OrganizationChangeResult(
            new OrganizationRef(organization.Id, organization.Name, parent.Id, organization.Path, $"{parent.PathLabel} / {organization.Name}"),
            $"{organization.Name} was created in {parent.Name}.");
    }

    /// <summary>Live validation for the rename dialog: the same checks as <see cref="RenameAsync"/>, or null when they pass.</summary>
    public Task<string?> CheckRenameAsync(int organizationId, string? name, CancellationToken ct = default) =>
        FirstRefusalAsync((db, view) => CheckRenameAsync(db, view, organizationId, name, ct), ct);

    /// <summary>Runs a write's checks without writing; a not-found stays an exception, like in the write itself.</summary>
    private async Task<string?> FirstRefusalAsync(Func<AppDbContext, ActorView, Task> check, CancellationToken ct)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        try
        {
            await check(db, view);
            return null;
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            return e.Message;
        }
    }

    public async Task<OrganizationChangeResult> RenameAsync(RenameOrganizationRequest request, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Organization(request.OrganizationId), ct);
        var (db, view) = op;
        var (current, name) = await CheckRenameAsync(db, view, request.OrganizationId, request.Name, ct);
        if (name == current.Name)
            return new OrganizationChangeResult(current, $"Nothing to save: the organization is already called {current.Name}.");

        var organization = await db.Organizations.SingleAsync(o => o.Id == current.Id, ct);
        organization.Rename(name);
        audit.OrganizationRenamed(db, view.AsActor(), organization, current.Name);
        var parentName = current.ParentId is null ? "" : await db.Organizations.Where(o => o.Id == current.ParentId).Select(o => o.Name).SingleAsync(ct);
        await SiblingNames.SaveAsync(db, name, parentName, ct);
        await op.CommitAsync(ct);
        var label = current.PathLabel[..^current.Name.Length] + organization.Name;
        return new OrganizationChangeResult(current with { Name = organization.Name, PathLabel = label },
            $"{current.Name} is now {organization.Name}.");
    }

    /// <summary>O4: only an empty, non-root organization, by an Admin of its parent; its memberships and pending invitations end with it.</summary>
    public async Task<OrganizationChangeResult> DeleteAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Organization(organizationId), ct);
        var (db, view) = op;
        var target = await access.RequireVisibleAsync(db, view, organizationId, ct);
        if (target.ParentId is not { } parentId)
            throw access.Refuse(view, "O4", $"organization {target.Id}",
                $"{target.Name} is a root organization; root organizations are not deleted from the console.");
        var parent = await OrganizationLabels.ReferenceAsync(db, parentId, ct);
        access.RequireRole(view, parent, Role.Admin, $"Deleting {target.Name}", "O4");

        var subOrganizations = await db.Organizations.CountAsync(PathFilter.InSubtree<Organization>(o => o.Path, target.Path), ct) - 1;
        var devices = await db.Devices.CountAsync(PathFilter.InSubtree<Device>(d => d.Organization!.Path, target.Path), ct);
        if (subOrganizations > 0 || devices > 0)
        {
            var remaining = string.Join(" and ", new[] { (subOrganizations, "sub-organization"), (devices, "device") }
                .Where(x => x.Item1 > 0).Select(x => MessageText.Count(x.Item1, x.Item2)));
            throw access.Refuse(view, "O4", $"organization {target.Id}",
                $"{target.Name} still contains {remaining}. Move or delete its sub-organizations and transfer or delete its devices first.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.OrganizationId == target.Id)
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new { u.Email, m.Role })
            .OrderBy(m => m.Email)
            .ToListAsync(ct);
        var invitations = await db.Invitations.AsNoTracking().PendingAt(now)
            .Where(i => i.OrganizationId == target.Id)
            .OrderBy(i => i.Email)
            .Select(i => new { i.Email, i.Role, i.ExpiresAt })
            .ToListAsync(ct);

        var organization = await db.Organizations.SingleAsync(o => o.Id == target.Id, ct);
        audit.OrganizationDeleted(db, view.AsActor(), organization, target, parent.Name,
            memberships.Select(m => (m.Email, m.Role)), invitations.Select(i => (i.Email, i.Role, i.ExpiresAt)));
        await db.Memberships.Where(m => m.OrganizationId == organization.Id).ExecuteDeleteAsync(ct);
        await db.Invitations.Where(i => i.OrganizationId == organization.Id).ExecuteDeleteAsync(ct);
        db.Organizations.Remove(organization);
        await op.CommitAsync(ct);
        return new OrganizationChangeResult(target, DeletedMessage(target.Name, memberships.Count, invitations.Count));
    }

    private static string DeletedMessage(string name, int memberships, int invitations)
    {
        var ended = new[] { (memberships, "membership"), (invitations, "pending invitation") }
            .Where(x => x.Item1 > 0).Select(x => MessageText.Count(x.Item1, x.Item2)).ToList();
        return ended.Count == 0 ? $"{name} was deleted." : $"{name} was deleted; {string.Join(" and ", ended)} ended with it.";
    }

    private async Task<(OrganizationRef Parent, string Name)> CheckCreateAsync(AppDbContext db, ActorView view, int parentId,
        string? name, CancellationToken ct)
    {
        var parent = await access.RequireVisibleAsync(db, view, parentId, ct);
        access.RequireRole(view, parent, Role.Admin, $"Creating a sub-organization of {parent.Name}", "O2");
        if (parent.Level + 1 > MaxDepth)
            throw access.Refuse(view, "O2", $"organization {parent.Id}",
                $"Organizations are nested at most {MaxDepth} levels deep; {parent.Name} is at level {parent.Level}, so it cannot have sub-organizations.");
        var valid = Organization.ValidateName(name);
        await SiblingNames.RequireUniqueAsync(db, parent.Id, parent.Name, valid, exceptId: null, ct);
        return (parent, valid);
    }

    private async Task<(OrganizationRef Organization, string Name)> CheckRenameAsync(AppDbContext db, ActorView view,
        int organizationId, string? name, CancellationToken ct)
    {
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        access.RequireRole(view, organization, Role.Admin, $"Renaming {organization.Name}", "O1");
        var valid = Organization.ValidateName(name);
        if (organization.ParentId is { } parentId)
        {
            var parentName = await db.Organizations.Where(o => o.Id == parentId).Select(o => o.Name).SingleAsync(ct);
            await SiblingNames.RequireUniqueAsync(db, parentId, parentName, valid, organization.Id, ct);
        }
        return (organization, valid);
    }

}
