using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Organizations;

/// <summary>
/// Moving an organization with its whole subtree (O3). The preview and the move run the same
/// plan, the move again inside its transaction, so what the dialog showed is what happens.
/// </summary>
public sealed class OrganizationMoves(
    Operations operations,
    AccessService access,
    AuditLog audit,
    DeviceOwnership ownership,
    MovePlanner planner,
    IOptions<OrganizationOptions> options)
{
    private int MaxDepth => options.Value.MaxDepth;

    /// <summary>The parents the organization may be moved under (O3), for the move dialog's tree.</summary>
    public async Task<IReadOnlyList<MoveTarget>> GetMoveTargetsAsync(int organizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var (organization, oldParent) = await planner.RequireMovableAsync(db, view, organizationId, ct);

        var subtreeDepth = await MovePlanner.SubtreeDepthAsync(db, organization.Path, ct);
        var rootId = OrganizationPath.RootId(organization.Path);
        var administered = view.AdministeredSubtrees.Where(p => OrganizationPath.RootId(p) == rootId).ToList();
        var candidates = await db.Organizations.AsNoTracking()
            .Where(PathFilter.InAnySubtree<Organization>(o => o.Path, administered))
            .Select(o => new { o.Id, o.Name, o.ParentId, o.Path })
            .ToListAsync(ct);
        var targets = candidates
            .Where(o => !OrganizationPath.IsInSubtree(o.Path, organization.Path) && o.Id != oldParent.Id)
            .Where(o => OrganizationPath.Level(o.Path) + subtreeDepth <= MaxDepth)
            .ToList();
        var names = await OrganizationLabels.AncestorNamesAsync(db, targets.Select(t => t.Path), ct);
        return targets
            .OrderBy(t => t.Path.Length).ThenBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(t => new MoveTarget(t.Id, t.Name, t.ParentId, OrganizationLabels.PathLabel(t.Path, names)))
            .ToList();
    }

    /// <summary>O3: what the move would change, computed by the code that performs it.</summary>
    public async Task<MovePreview> PreviewMoveAsync(MoveOrganizationRequest request, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        return (await planner.PlanAsync(db, view, request, ct)).Preview;
    }

    public async Task<MoveResult> MoveAsync(MoveOrganizationRequest request, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Organization(request.OrganizationId), ct);
        var (db, view) = op;
        var plan = await planner.PlanAsync(db, view, request, ct);
        var preview = plan.Preview;
        if (preview.IsBlocked)
            throw access.Refuse(view, "O3", $"organization {preview.OrganizationId}",
                $"Moving {preview.OrganizationName} under {preview.NewParentName} would leave {MessageText.Count(preview.BlockedDevices.Count, "device")} " +
                $"with an owner who has no access there: {MessageText.List(preview.BlockedDevices.Select(d => $"{d.SerialNumber} ({d.OwnerEmail})"))}. " +
                "Transfer them first, or name a new owner for them.");

        var organization = await db.Organizations.SingleAsync(o => o.Id == preview.OrganizationId, ct);
        var oldParent = await db.Organizations.SingleAsync(o => o.Id == organization.ParentId, ct);
        var newParent = await db.Organizations.SingleAsync(o => o.Id == request.NewParentId, ct);
        var oldPath = organization.Path;
        organization.MoveUnder(newParent);
        var newPath = organization.Path;

        // Descendants' paths in one statement: the new prefix replaces the old one.
        var organizationId = organization.Id;
        await db.Organizations
            .Where(PathFilter.InSubtree<Organization>(o => o.Path, oldPath))
            .Where(o => o.Id != organizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Path, o => newPath + o.Path.Substring(oldPath.Length)), ct);
        await SiblingNames.SaveAsync(db, organization.Name, newParent.Name, ct);

        if (preview.BlockedDevices.Count > 0)
            await ownership.ReassignAsync(db, view.AsActor(), plan.BlockedDeviceIds, plan.NewOwnerId!,
                $"{organization.Name} moved under {newParent.Name}", ct);

        audit.OrganizationMoved(db, view.AsActor(), organization, oldParent, newParent, preview);
        await op.CommitAsync(ct);
        return new MoveResult(preview, MovedMessage(preview));
    }

    private static string MovedMessage(MovePreview moved)
    {
        var message = $"{moved.OrganizationName} was moved: {moved.LabelAfter}.";
        return moved.BlockedDevices.Count == 0 ? message
            : $"{message} {MessageText.Count(moved.BlockedDevices.Count, "device")} now {(moved.BlockedDevices.Count == 1 ? "belongs" : "belong")} to {moved.NewOwnerEmail}.";
    }

}
