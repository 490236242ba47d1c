using System.Text.Json;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Devices.Transfers;

/// <summary>
/// D11: undoes a transfer, a bulk one as a whole, within the configured days. The undo is itself a
/// transfer: every device goes back through <see cref="TransferPlanner"/> (D3, D4 for the old owner
/// in the old organization, D9 against the token the transfer wrote), all-or-nothing (D8), with one
/// transfer entry per device that references the undone entry (L1).
/// </summary>
public sealed class TransferUndo(Operations operations, AccessService access, AuditLog audit, TransferPlanner planner,
    ILookupNormalizer normalizer, IOptions<TransferOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMinutes(10);

    private sealed record Group(int OrganizationId, string OwnerEmail, TransferPlan Plan);

    private sealed record UndoPlan(long Key, DateTime At, IReadOnlyList<Group> Groups, string? Refusal)
    {
        public IReadOnlyList<PlannedDevice> Devices => Groups.SelectMany(g => g.Plan.Devices).ToList();
    }

    public async Task<TransferUndoPreview> PreviewAsync(long entryId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var plan = await PlanAsync(db, view, entryId, ct);
        var changes = new List<AccessChange>();
        foreach (var group in plan.Groups)
            changes.AddRange(await TransferAccessChanges.ComputeAsync(db, group.Plan, ct));
        var backTo = plan.Groups.SelectMany(g => g.Plan.Devices.Select(d => (d.Id, g.Plan.Destination.Name))).ToDictionary(x => x.Id, x => x.Name);
        return new TransferUndoPreview(plan.Key, plan.At, plan.Devices, changes, plan.Refusal, backTo);
    }

    public async Task<TransferResult> UndoAsync(long entryId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var plan = await PlanAsync(db, view, entryId, ct);
        if (plan.Refusal is not null)
            throw access.Refuse(view, "D11", $"audit entry {entryId}", plan.Refusal);
        var failing = plan.Devices.Where(d => d.Fails).ToList();
        if (failing.Count > 0)
        {
            var refusal = TransferRefusedException.Describe(plan.Devices.Count, failing, "Nothing was undone", "cannot go back");
            access.Refuse(view, failing[0].Rule ?? "D11", $"audit entry {entryId}", refusal);
            throw new TransferRefusedException(refusal, failing);
        }

        // One new token for the whole undo, as for a bulk transfer (D8, D9).
        var version = Guid.NewGuid();
        var actor = view.AsActor();
        var moved = 0;
        foreach (var group in plan.Groups)
        {
            var moving = group.Plan.Devices.Where(d => d.Outcome == TransferOutcome.Moves).ToList();
            if (moving.Count == 0) continue;
            var ids = moving.Select(d => d.Id).ToList();
            var (destinationId, ownerId) = (group.Plan.Destination.Id, group.Plan.NewOwnerId!);
            var updated = await db.Devices.Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.OrganizationId, destinationId).SetProperty(d => d.OwnerId, ownerId)
                    .SetProperty(d => d.Version, version), ct);
            if (updated != ids.Count)
                throw new InvalidOperationException($"Expected to move {ids.Count} devices back, moved {updated}.");
            var organizationIds = moving.Select(d => d.FromOrganizationId).Append(destinationId).Distinct().ToList();
            var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            foreach (var device in moving)
                audit.TransferUndone(db, actor, new DeviceHandover(device.Id, device.Name, organizations[device.FromOrganizationId],
                    organizations[destinationId], device.FromOwner, device.ToOwner, device.Version, version), plan.Key);
            moved += moving.Count;
        }
        await AuditBulkWriter.SaveAddedAsync(db, ct);
        await op.CommitAsync(ct);
        var only = plan.Devices.Count == 1 ? plan.Devices[0] : null;
        return new TransferResult(moved, 0, only is not null
            ? $"Transfer undone: {only.Name} is back with {only.ToOwner} in {plan.Groups[0].Plan.Destination.Name}."
            : $"Transfer undone: {MessageText.Count(moved, "device")} are back with their owners.");
    }

    private async Task<UndoPlan> PlanAsync(AppDbContext db, ActorView view, long entryId, CancellationToken ct)
    {
        // A4 and L3: a transfer entry the actor cannot read is not found, like a missing one.
        // One entry by ID: the correlated shape checks just that row.
        var entry = await (await AuditVisibility.ApplyAsync(db, view, ct, broad: true))
            .Where(e => e.Id == entryId && e.Action == AuditActions.DeviceTransferred && e.TargetType == AuditTargets.Device)
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("transfer");
        UndoPlan Refused(string reason) => new(entry.Id, entry.At, [], reason);

        if (VersionOf(entry.After) is not { } written)
            return Refused("This transfer was recorded without the token it wrote, so it cannot be undone; transfer the device back instead.");
        var limit = TimeSpan.FromDays(options.Value.UndoDays);
        var now = clock.GetUtcNow().UtcDateTime;
        if (entry.At + limit <= now)
            return Refused($"This transfer of {entry.At:yyyy-MM-dd HH:mm} UTC is older than {MessageText.Count(options.Value.UndoDays, "day")} " +
                           "and can no longer be undone; transfer the devices back instead.");

        // A bulk transfer is one batch: the same actor, the one token it wrote for every device (D8), and one transaction,
        // whose entries are stamped one by one, so the window only narrows the search the token then decides.
        var (from, to, text) = (entry.At - BatchWindow, entry.At + BatchWindow, written.ToString());
        var batch = (await db.AuditEntries.AsNoTracking().Include(e => e.Organizations)
                .Where(e => e.ActorId == entry.ActorId && e.At >= from && e.At <= to)
                .Where(e => e.Action == AuditActions.DeviceTransferred && e.After!.Contains(text))
                .ToListAsync(ct))
            .Where(e => VersionOf(e.After) == written)
            .OrderBy(e => e.Id)
            .ToList();
        var key = batch[0].Id;
        var deviceIds = batch.Select(e => e.TargetId).ToList();
        var marker = AuditLog.UndoMarker(key);
        var undone = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetType == AuditTargets.Device && deviceIds.Contains(e.TargetId) && e.Id > key && e.After!.Contains(marker))
            .OrderBy(e => e.Id).FirstOrDefaultAsync(ct);
        if (undone is not null)
            return Refused($"This transfer was already undone on {undone.At:yyyy-MM-dd HH:mm} UTC.");

        var groups = new List<Group>();
        foreach (var g in batch.GroupBy(e => (Source: e.Organizations.Single(o => o.Part == AuditParts.Source), Owner: OwnerOf(e.Before))))
        {
            var (source, ownerEmail) = g.Key;
            var sourcePath = await db.Organizations.Where(o => o.Id == source.OrganizationId).Select(o => o.Path).SingleOrDefaultAsync(ct);
            if (sourcePath is null)
                return Refused($"{Sentence(Name(view, source))} no longer exists, so this transfer cannot be undone.");
            // D3: the reverse transfer needs Admin or Staff where the devices were, which an actor who sees only the destination lacks.
            if (!view.ManagesDevicesIn(sourcePath))
                return Refused($"Undoing this transfer needs Staff in {Name(view, source)}, where the devices were before.");
            var normalized = normalizer.NormalizeEmail(ownerEmail);
            if (!await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
                return Refused($"The old owner {ownerEmail} no longer has an account, so this transfer cannot be undone.");
            var tokens = g.Select(e => new DeviceToken(int.Parse(e.TargetId), written)).ToList();
            try
            {
                groups.Add(new Group(source.OrganizationId, ownerEmail, await planner.PlanAsync(db, view, tokens, source.OrganizationId, ownerEmail, ct)));
            }
            catch (DomainException e) when (e is not NotFoundException)
            {
                // D3, D4: the actor could not perform the reverse transfer now; the reason is the planner's.
                return Refused(e.Message);
            }
        }
        return new UndoPlan(key, entry.At, groups, null);
    }

    private static string Name(ActorView view, AuditOrganization organization) =>
        view.SeesOrganizationName(organization.Path) ? organization.Name : "an organization outside your view";

    private static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static Guid? VersionOf(string? json) => Property(json, "version") is { } text && Guid.TryParse(text, out var v) ? v : null;

    private static string OwnerOf(string? json) => Property(json, "owner") ?? "";

    private static string? Property(string? json, string name)
    {
        if (string.IsNullOrEmpty(json)) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
