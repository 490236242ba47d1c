using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Organizations;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices.Transfers;

/// <summary>
/// Device transfers, one device or a bulk set (D3–D9). <see cref="PreviewAsync"/> and
/// <see cref="TransferAsync"/> share <see cref="TransferPlanner"/>, so the preview shows exactly what the
/// transfer does (D7). The transfer is all-or-nothing: tokens are compared inside the write
/// transaction, then one set-based update moves every device and one audit entry per device
/// commits with it (D8, L1).
/// </summary>
public sealed class TransferService(Operations operations, AccessService access, AuditLog audit, TransferPlanner planner)
{
    /// <summary>D3: the organizations of the devices' tree where the actor can manage devices.</summary>
    public async Task<IReadOnlyList<ForestNode>> DestinationsAsync(int sourceOrganizationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var source = await access.RequireVisibleAsync(db, view, sourceOrganizationId, ct);
        var treePath = OrganizationPath.Root(OrganizationPath.RootId(source.Path));
        var managed = view.ManagedSubtrees.Where(p => OrganizationPath.IsInSubtree(p, treePath)).ToList();
        var nodes = await OrganizationForest.LoadAsync(db, view, managed, ct);
        return nodes.OrderBy(n => n.Path.Length).ThenBy(n => n.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>D7: the effect of the transfer, with the device set frozen (D8) for <see cref="TransferAsync"/>.</summary>
    public async Task<TransferPreview> PreviewAsync(TransferSelection selection, int destinationOrganizationId, string? newOwnerEmail,
        CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var tokens = selection.Devices ?? await planner.ResolveAsync(db, view, selection, ct);
        var plan = await planner.PlanAsync(db, view, tokens, destinationOrganizationId, newOwnerEmail, ct);
        var changes = await TransferAccessChanges.ComputeAsync(db, plan, ct);
        return new TransferPreview(plan.Destination, plan.NewOwnerEmail, plan.Devices, changes, plan.ProposedOwnerEmail);
    }

    public async Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Organization(request.DestinationOrganizationId), ct);
        var (db, view) = op;
        var plan = await planner.PlanAsync(db, view, request.Devices, request.DestinationOrganizationId, request.NewOwnerEmail, ct);
        var destination = plan.Destination;

        var failing = plan.Failing;
        if (failing.Count > 0)
        {
            var refusal = TransferRefusedException.Describe(plan.Devices.Count, failing, "Nothing was transferred", "cannot be transferred");
            access.Refuse(view, failing[0].Rule ?? "D8", $"organization {destination.Id}", refusal);
            throw new TransferRefusedException(refusal, failing);
        }

        var moving = plan.Devices.Where(d => d.Outcome == TransferOutcome.Moves).ToList();
        var unchanged = plan.Devices.Count - moving.Count;
        if (moving.Count == 0)
            return new TransferResult(0, unchanged, NothingToDo(plan));

        // Tokens were compared above, inside this transaction; the update itself does not check them (D8).
        // One new token for the whole batch: each moved row gets a value it never had, which is all D9 compares.
        var version = Guid.NewGuid();
        var moveIds = moving.Select(d => d.Id).ToList();
        // The entries first: they read each device's organization and owner as the update is about to replace them.
        var written = await audit.DevicesTransferredAsync(db, view.AsActor(), moveIds, destination, plan.NewOwnerEmail, version, ct);
        var newOwnerId = plan.NewOwnerId;
        var destinationId = destination.Id;
        // One JSON array parameter: EF Core's default of one parameter per ID would make 10,000 of them.
        var updated = await db.Devices.Where(d => EF.Parameter(moveIds).Contains(d.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.OrganizationId, destinationId)
                .SetProperty(d => d.OwnerId, d => newOwnerId ?? d.OwnerId)
                .SetProperty(d => d.Version, version), ct);
        if (updated != moveIds.Count || written != moveIds.Count)
            throw new InvalidOperationException($"Expected to move {moveIds.Count} devices, moved {updated} and audited {written}.");
        await op.CommitAsync(ct);

        var message = moving.Count == 1 && plan.Devices.Count == 1
            ? $"{moving[0].Name} now belongs to {moving[0].ToOwner} in {destination.Name}."
            : $"{moving.Count} devices transferred to {destination.Name}{(unchanged > 0 ? $"; {unchanged} already there stayed unchanged" : "")}.";
        return new TransferResult(moving.Count, unchanged, message);
    }

    private static string NothingToDo(TransferPlan plan) =>
        new TransferPreview(plan.Destination, plan.NewOwnerEmail, plan.Devices, [], null).NothingToDo ?? "Nothing to transfer.";
}
