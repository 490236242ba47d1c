using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// D9: explains, from the audit log and within the actor's view (A4, L3), why a device's token no
/// longer matches. Changes record the token they replaced in their "before" details, which tells a
/// device that changed out of the actor's view apart from an ID the actor never saw (not found).
/// </summary>
public sealed class DeviceConcurrency
{
    /// <summary>Reasons for devices in view whose token changed: what changed, when and by whom.</summary>
    public async Task<IReadOnlyDictionary<int, string>> ExplainChangedAsync(AppDbContext db, ActorView view,
        IReadOnlyCollection<(int Id, string Name)> devices, CancellationToken ct = default)
    {
        if (devices.Count == 0) return new Dictionary<int, string>();
        var targetIds = devices.Select(d => d.Id.ToString()).ToList();
        var latestIds = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetType == AuditTargets.Device && targetIds.Contains(e.TargetId))
            // Tagging leaves the token as it was (G2): the change that replaced it is an earlier entry.
            .Where(e => e.Action != AuditActions.DeviceTagsChanged)
            .GroupBy(e => e.TargetId)
            .Select(g => g.Max(e => e.Id))
            .ToListAsync(ct);
        var entries = await db.AuditEntries.AsNoTracking().Include(e => e.Organizations)
            .Where(e => latestIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.TargetId, ct);
        var visibleActors = await AccessService.VisibleAccountsAsync(db, view,
            entries.Values.Where(e => e.ActorId is not null).Select(e => e.ActorId!), ct);

        return devices.ToDictionary(d => d.Id, d => entries.TryGetValue(d.Id.ToString(), out var entry)
            ? $"{d.Name} changed after you loaded it: {What(entry, view)} by {Who(entry, visibleActors)} on {entry.At:yyyy-MM-dd HH:mm} UTC. Nothing was written; reload and try again."
            : $"{d.Name} changed after you loaded it. Nothing was written; reload and try again.");
    }

    /// <summary>
    /// For IDs no longer in view: the names of those the actor had loaded (a later change replaced
    /// the token it holds). IDs missing from the result were never seen with that token: not found (A4).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, (string Name, string Reason)>> ExplainGoneAsync(AppDbContext db,
        IReadOnlyCollection<DeviceToken> tokens, CancellationToken ct = default)
    {
        if (tokens.Count == 0) return new Dictionary<int, (string, string)>();
        var targetIds = tokens.Select(t => t.DeviceId.ToString()).ToList();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetType == AuditTargets.Device && targetIds.Contains(e.TargetId) && e.Before != null)
            .Select(e => new { e.TargetId, e.TargetName, e.Before })
            .ToListAsync(ct);

        var result = new Dictionary<int, (string, string)>();
        foreach (var token in tokens)
        {
            var replaced = entries.FirstOrDefault(e => e.TargetId == token.DeviceId.ToString()
                && e.Before!.Contains(token.Version.ToString(), StringComparison.OrdinalIgnoreCase));
            if (replaced is not null)
                result[token.DeviceId] = (replaced.TargetName, $"{replaced.TargetName} was moved out of your view or deleted. Nothing was written.");
        }
        return result;
    }

    private static string What(AuditEntry entry, ActorView view)
    {
        string Name(AuditOrganization o) => view.SeesOrganizationName(o.Path) ? o.Name : "an organization outside your view";
        switch (entry.Action)
        {
            case AuditActions.DeviceTransferred:
                var source = entry.Organizations.FirstOrDefault(o => o.Part == AuditParts.Source);
                var destination = entry.Organizations.FirstOrDefault(o => o.Part == AuditParts.Destination);
                return source is not null && destination is not null && source.OrganizationId != destination.OrganizationId
                    ? $"moved from {Name(source)} to {Name(destination)}"
                    : "given a new owner";
            case AuditActions.DeviceEdited:
                return "edited";
            case AuditActions.DeviceCreated:
                return "registered";
            default:
                return entry.Action;
        }
    }

    private static string Who(AuditEntry entry, IReadOnlySet<string> visibleActors) =>
        entry.ActorId is null ? entry.ActorEmail
        : visibleActors.Contains(entry.ActorId) ? entry.ActorEmail
        : "an account outside your view";
}
