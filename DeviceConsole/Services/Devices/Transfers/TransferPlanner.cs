using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Devices.Transfers;

/// <summary>
/// The one planning step of transfer previews and transfers (D3–D9): every check, per device,
/// against the state now (A3), so the preview shows exactly what the transfer will do (D7).
/// </summary>
public sealed class TransferPlanner(AccessService access, DeviceConcurrency concurrency, ILookupNormalizer normalizer,
    FrozenSelections selections, IOptions<TransferOptions> options, TimeProvider clock)
{
    /// <summary>The one planning step of preview and transfer: every check, per device, against the state now (A3).</summary>
    public async Task<TransferPlan> PlanAsync(AppDbContext db, ActorView view, IReadOnlyList<DeviceToken> requested, int destinationId,
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
            .Where(d => EF.Parameter(ids).Contains(d.Id))
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
        // Per owner, when its access to the destination ends: null for never (M8 keeps D1 true as time passes).
        var ownersWithAccess = newOwnerId is not null ? [] : (await db.Memberships.AsNoTracking()
                .Where(m => destinationAncestors.Contains(m.OrganizationId) && EF.Parameter(ownerIds).Contains(m.AccountId))
                .Select(m => new { m.AccountId, m.EndsAt }).ToListAsync(ct))
            .GroupBy(m => m.AccountId)
            .ToDictionary(g => g.Key, g => g.Any(m => m.EndsAt is null) ? null : g.Max(m => m.EndsAt));
        var destinationRoot = destinationAncestors[0];

        string? proposed = null;
        var planned = new List<PlannedDevice>(tokens.Count);
        foreach (var token in tokens)
        {
            if (!visible.TryGetValue(token.DeviceId, out var r))
            {
                var (goneName, goneReason) = gone[token.DeviceId];
                planned.Add(PlannedDevice.LeftView(token, goneName, goneReason));
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
            else if (newOwnerId is null && ownersWithAccess.TryGetValue(r.OwnerId, out var ends) && ends is not null)
            {
                proposed = view.Email;
                planned.Add(Planned(TransferOutcome.Fails,
                    $"{r.OwnerEmail} owns {r.Name} and its access to {destination.Name} ends on {ends:yyyy-MM-dd HH:mm} UTC: name a new owner.", "M8"));
            }
            else if (newOwnerId is null && !ownersWithAccess.ContainsKey(r.OwnerId))
            {
                // D6: the actor always has a role in the destination (D3), so it is the proposal.
                proposed = view.Email;
                planned.Add(Planned(TransferOutcome.Fails,
                    $"{r.OwnerEmail} owns {r.Name} and has no access to {destination.Name} or an organization above it: name a new owner.", "D6"));
            }
            else
                planned.Add(Planned(TransferOutcome.Moves));
        }

        var sources = visible.Values.ToDictionary(r => r.Id, r => new TransferSource(r.OrganizationPath, r.OwnerId));
        return new TransferPlan(destination, newOwnerId, ownerEmail, planned, sources, proposed);
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
        {
            // M8: a device is never given to an owner whose only access there ends at a set date.
            if (await LastingAccess.RefusalAsync(db, account.Id, account.Email ?? email, destination, ct) is { } ending)
                throw access.Refuse(view, "M8", $"organization {destination.Id}", ending);
            return (account.Id, account.Email ?? email);
        }

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
        throw new OwnerWithoutAccessException(message, email, destination.Id, isAdmin && invitation is null) { Rule = "D4" };
    }

    /// <summary>D8: a filter resolved into IDs and tokens now; devices that match later are not included.</summary>
    public async Task<IReadOnlyList<DeviceToken>> ResolveAsync(AppDbContext db, ActorView view, TransferSelection selection, CancellationToken ct)
    {
        var max = options.Value.MaxBulkDevices;
        return await selections.ResolveAsync(db, view, selection.ListOrganizationId, selection.Filter, max,
            "Choose at least one device to transfer.", $"a transfer moves at most {max:N0}", ct);
    }
}
