using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Devices.Transfers;

/// <summary>
/// Device transfers, one device or a bulk set (D3–D9). <see cref="PreviewAsync"/> and
/// <see cref="TransferAsync"/> share <see cref="PlanAsync"/>, so the preview shows exactly what the
/// transfer does (D7). The transfer is all-or-nothing: tokens are compared inside the write
/// transaction, then one set-based update moves every device and one audit entry per device
/// commits with it (D8, L1).
/// </summary>
public sealed class TransferService(Operations operations, AccessService access, AuditLog audit,
    DeviceConcurrency concurrency, ILookupNormalizer normalizer, IOptions<TransferOptions> options, TimeProvider clock)
{
    private sealed record Plan(OrganizationRef Destination, string? NewOwnerId, string? NewOwnerEmail,
        IReadOnlyList<PlannedDevice> Devices, IReadOnlyDictionary<int, Source> Sources, string? ProposedOwnerEmail);

    private sealed record Source(string Path, string OwnerId);

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
        var tokens = selection.Devices ?? await ResolveAsync(db, view, selection, ct);
        var plan = await PlanAsync(db, view, tokens, destinationOrganizationId, newOwnerEmail, ct);
        var changes = await AccessChangesAsync(db, plan, ct);
        return new TransferPreview(plan.Destination, plan.NewOwnerEmail, plan.Devices, changes, plan.ProposedOwnerEmail);
    }

    public async Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var plan = await PlanAsync(db, view, request.Devices, request.DestinationOrganizationId, request.NewOwnerEmail, ct);
        var destination = plan.Destination;

        var failing = plan.Devices.Where(d => d.Outcome == TransferOutcome.Fails).ToList();
        if (failing.Count > 0)
        {
            var refusal = plan.Devices.Count == 1 ? failing[0].Reason!
                : $"Nothing was transferred: {failing.Count} of {plan.Devices.Count} devices cannot be transferred. "
                  + string.Join(" ", failing.Take(20).Select(f => f.Reason)) + (failing.Count > 20 ? $" (and {failing.Count - 20} more)" : "");
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
        var newOwnerId = plan.NewOwnerId;
        var destinationId = destination.Id;
        var updated = await db.Devices.Where(d => moveIds.Contains(d.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.OrganizationId, destinationId)
                .SetProperty(d => d.OwnerId, d => newOwnerId ?? d.OwnerId)
                .SetProperty(d => d.Version, version), ct);
        if (updated != moveIds.Count)
            throw new InvalidOperationException($"Expected to move {moveIds.Count} devices, moved {updated}.");

        var organizationIds = moving.Select(d => d.FromOrganizationId).Append(destinationId).Distinct().ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var to = organizations[destinationId];
        var actor = view.AsActor();
        foreach (var device in moving)
        {
            var from = organizations[device.FromOrganizationId];
            audit.DeviceTransferred(db, actor,
                new DeviceHandover(device.Id, device.Name, from, to, device.FromOwner, device.ToOwner, device.Version, version));
        }
        await AuditBulkWriter.SaveAddedAsync(db, ct);
        await op.CommitAsync(ct);

        var message = moving.Count == 1 && plan.Devices.Count == 1
            ? $"{moving[0].Name} now belongs to {moving[0].ToOwner} in {destination.Name}."
            : $"{moving.Count} devices transferred to {destination.Name}{(unchanged > 0 ? $"; {unchanged} already there stayed unchanged" : "")}.";
        return new TransferResult(moving.Count, unchanged, message);
    }

    /// <summary>The one planning step of preview and transfer: every check, per device, against the state now (A3).</summary>
    private async Task<Plan> PlanAsync(AppDbContext db, ActorView view, IReadOnlyList<DeviceToken> requested, int destinationId,
        string? newOwnerEmail, CancellationToken ct)
    {
        var tokens = requested.DistinctBy(t => t.DeviceId).ToList();
        var max = options.Value.MaxBulkDevices;
        if (tokens.Count == 0)
            throw new DomainException("Choose at least one device to transfer.");
        if (tokens.Count > max)
            throw new DomainException($"A transfer moves at most {max:N0} devices at once; this one has {tokens.Count:N0}. Narrow the selection.");

        var destination = await access.RequireVisibleAsync(db, view, destinationId, ct);
        access.RequireRole(view, destination, Role.Staff, "Transferring devices", "D3");
        var (newOwnerId, ownerEmail) = string.IsNullOrWhiteSpace(newOwnerEmail)
            ? (null, null)
            : await RequireOwnerWithAccessAsync(db, view, destination, newOwnerEmail.Trim(), ct);

        var ids = tokens.Select(t => t.DeviceId).ToList();
        var rows = await db.Devices.AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Join(db.Users, d => d.OwnerId, u => u.Id, (d, u) => new
            {
                d.Id, d.Name, d.SerialNumber, d.OrganizationId, OrganizationName = d.Organization!.Name,
                OrganizationPath = d.Organization.Path, d.OwnerId, OwnerEmail = u.Email!, d.Version,
            })
            .ToListAsync(ct);
        var visible = rows
            .Where(r => view.SeesDevice(r.OrganizationPath, r.OwnerId))
            .ToDictionary(r => r.Id);

        // A4: an ID never seen with that token is not found; one that changed out of view is D9.
        var gone = await concurrency.ExplainGoneAsync(db, tokens.Where(t => !visible.ContainsKey(t.DeviceId)).ToList(), ct);
        if (tokens.Any(t => !visible.ContainsKey(t.DeviceId) && !gone.ContainsKey(t.DeviceId)))
            throw new NotFoundException("device");

        var tokenOf = tokens.ToDictionary(t => t.DeviceId, t => t.Version);
        var stale = await concurrency.ExplainChangedAsync(db, view,
            visible.Values.Where(r => r.Version != tokenOf[r.Id]).Select(r => (r.Id, r.Name)).ToList(), ct);
        var names = await OrganizationLabels.AncestorNamesAsync(db, visible.Values.Select(r => r.OrganizationPath).Distinct(), ct);
        var destinationAncestors = OrganizationPath.Ids(destination.Path);
        var ownerIds = visible.Values.Select(r => r.OwnerId).Distinct().ToList();
        var ownersWithAccess = newOwnerId is not null ? [] : (await db.Memberships.AsNoTracking()
            .Where(m => destinationAncestors.Contains(m.OrganizationId) && ownerIds.Contains(m.AccountId))
            .Select(m => m.AccountId).Distinct().ToListAsync(ct)).ToHashSet();
        var destinationRoot = destinationAncestors[0];

        string? proposed = null;
        var planned = new List<PlannedDevice>(tokens.Count);
        foreach (var token in tokens)
        {
            if (!visible.TryGetValue(token.DeviceId, out var r))
            {
                var (goneName, goneReason) = gone[token.DeviceId];
                planned.Add(new PlannedDevice(token.DeviceId, goneName, "", token.Version, 0, "", "", "", TransferOutcome.Fails, goneReason, "D9"));
                continue;
            }

            var fromLabel = OrganizationLabels.PathLabel(r.OrganizationPath, names);
            var toOwner = ownerEmail ?? r.OwnerEmail;
            PlannedDevice Planned(TransferOutcome outcome, string? reason = null, string? rule = null) =>
                new(r.Id, r.Name, r.SerialNumber, r.Version, r.OrganizationId, fromLabel, r.OwnerEmail, toOwner, outcome, reason, rule);

            var rootId = OrganizationPath.RootId(r.OrganizationPath);
            // D9 comes before every other check, D5 included.
            if (stale.TryGetValue(r.Id, out var staleReason))
                planned.Add(Planned(TransferOutcome.Fails, staleReason, "D9"));
            else if (!view.ManagesDevicesIn(r.OrganizationPath))
                planned.Add(Planned(TransferOutcome.Fails, $"Transferring {r.Name} needs Staff in {r.OrganizationName}.", "D3"));
            else if (rootId != destinationRoot)
                planned.Add(Planned(TransferOutcome.Fails,
                    $"{r.Name} belongs to the {names.GetValueOrDefault(rootId, "?")} tree; devices are not moved between trees.", "D3"));
            else if (r.OrganizationId == destination.Id && (newOwnerId is null || newOwnerId == r.OwnerId))
                planned.Add(Planned(TransferOutcome.Unchanged));
            else if (newOwnerId is null && !ownersWithAccess.Contains(r.OwnerId))
            {
                // D6: the actor always has a role in the destination (D3), so it is the proposal.
                proposed = view.Email;
                planned.Add(Planned(TransferOutcome.Fails,
                    $"{r.OwnerEmail} owns {r.Name} and has no access to {destination.Name} or an organization above it: name a new owner.", "D6"));
            }
            else
                planned.Add(Planned(TransferOutcome.Moves));
        }

        var sources = visible.Values.ToDictionary(r => r.Id, r => new Source(r.OrganizationPath, r.OwnerId));
        return new Plan(destination, newOwnerId, ownerEmail, planned, sources, proposed);
    }

    /// <summary>
    /// D4: the named owner must have an effective role in the destination. The refusal is the same
    /// for an account elsewhere and for an email with no account (A4, M3), and names the way out.
    /// </summary>
    private async Task<(string? Id, string? Email)> RequireOwnerWithAccessAsync(AppDbContext db, ActorView view,
        OrganizationRef destination, string email, CancellationToken ct)
    {
        if (!email.Contains('@') || email.Length > Invitation.MaxEmailLength)
            throw new DomainException($"{email} is not an email address.");
        var normalized = normalizer.NormalizeEmail(email);
        var ancestors = OrganizationPath.Ids(destination.Path);
        var account = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(ct);
        if (account is not null && await db.Memberships.AnyAsync(m => m.AccountId == account.Id && ancestors.Contains(m.OrganizationId), ct))
            return (account.Id, account.Email ?? email);

        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.Invitations.AsNoTracking().PendingAt(now)
            .Where(i => i.NormalizedEmail == normalized && ancestors.Contains(i.OrganizationId))
            .Select(i => new { i.ExpiresAt, i.Organization!.Name, i.Organization.Path })
            .ToListAsync(ct);
        var invitation = pending.Where(i => view.ManagesDevicesIn(i.Path)).MaxBy(i => i.ExpiresAt);
        var isAdmin = view.Administers(destination.Path);

        var message = $"{email} has no access to {destination.Name} or an organization above it. " + (invitation is not null
            ? $"An invitation of {email} to {invitation.Name} is pending and expires on {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC; transfer once it is accepted."
            : isAdmin ? $"Invite {email} to {destination.Name} first." : $"An Admin of {destination.Name} can invite {email}.");
        access.Refuse(view, "D4", $"organization {destination.Id}", message);
        throw new OwnerWithoutAccessException(message, email, destination.Id, isAdmin && invitation is null);
    }

    private async Task<IReadOnlyList<DeviceToken>> ResolveAsync(AppDbContext db, ActorView view, TransferSelection selection, CancellationToken ct)
    {
        if (selection.ListOrganizationId is not { } listId || selection.Filter is not { } filter)
            throw new DomainException("Choose at least one device to transfer.");
        var organization = await access.RequireVisibleAsync(db, view, listId, ct);
        var max = options.Value.MaxBulkDevices;
        var tokens = await DeviceQueries.Matching(db, view, organization.Path, filter)
            .OrderBy(r => r.Id)
            .Select(r => new DeviceToken(r.Id, r.Version))
            .Take(max + 1)
            .ToListAsync(ct);
        if (tokens.Count > max)
            throw new DomainException($"More than {max:N0} devices match this filter; a transfer moves at most {max:N0}. Narrow the filter.");
        return tokens;
    }

    /// <summary>
    /// D7 by A7: who has access to each moving device before and after, compared per account and
    /// grouped by account and kind of change ("loses access to 5 devices"). One A7 query per distinct organization and owner, not per device.
    /// </summary>
    private static async Task<IReadOnlyList<AccessChange>> AccessChangesAsync(AppDbContext db, Plan plan, CancellationToken ct)
    {
        var cache = new Dictionary<(string Path, string Owner), IReadOnlyList<DeviceAccess>>();
        async Task<IReadOnlyList<DeviceAccess>> WhoAsync(string path, string owner)
        {
            if (!cache.TryGetValue((path, owner), out var access))
                cache[(path, owner)] = access = await DeviceAccessQuery.WhoHasAccessAsync(db, path, owner, ct);
            return access;
        }

        var changes = new List<(string AccountId, string Email, AccessChangeKind Kind, string? Before, string? After, string Device)>();
        foreach (var device in plan.Devices.Where(d => d.Outcome == TransferOutcome.Moves))
        {
            var source = plan.Sources[device.Id];
            var before = (await WhoAsync(source.Path, source.OwnerId)).ToDictionary(a => a.AccountId);
            var after = (await WhoAsync(plan.Destination.Path, plan.NewOwnerId ?? source.OwnerId)).ToDictionary(a => a.AccountId);
            foreach (var (id, was) in before)
            {
                if (!after.TryGetValue(id, out var now))
                    changes.Add((id, was.Email, AccessChangeKind.Loses, Label(was), null, device.Name));
                else if (now.Role != was.Role || now.IsOwner != was.IsOwner)
                    changes.Add((id, was.Email, AccessChangeKind.Changes, Label(was), Label(now), device.Name));
            }
            foreach (var (id, now) in after.Where(a => !before.ContainsKey(a.Key)))
                changes.Add((id, now.Email, AccessChangeKind.Gains, null, Label(now), device.Name));
        }

        return changes
            .GroupBy(c => (c.AccountId, c.Kind))
            .Select(g => new AccessChange(g.First().Email, g.Key.Kind, Labels(g.Select(c => c.Before)), Labels(g.Select(c => c.After)),
                g.Select(c => c.Device).ToList()))
            .OrderBy(c => c.Kind == AccessChangeKind.Loses ? 0 : c.Kind == AccessChangeKind.Changes ? 1 : 2)
            .ThenBy(c => c.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static string? Labels(IEnumerable<string?> labels) =>
        labels.OfType<string>().Distinct().ToList() is { Count: > 0 } distinct ? string.Join(" or ", distinct) : null;

    private static string Label(DeviceAccess access) => access.Role switch
    {
        null => "owner",
        { } role when access.IsOwner => $"{role} and owner",
        { } role => role.ToString(),
    };

    private static string NothingToDo(Plan plan) =>
        new TransferPreview(plan.Destination, plan.NewOwnerEmail, plan.Devices, [], null).NothingToDo ?? "Nothing to transfer.";
}
