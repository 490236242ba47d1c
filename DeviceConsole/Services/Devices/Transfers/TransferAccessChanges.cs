using DeviceConsole.Data;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Devices.Transfers;

/// <summary>D7: who gains, loses or changes access to the devices a transfer moves, by the A7 definition of access.</summary>
public static class TransferAccessChanges
{
    /// <summary>
    /// D7 by A7: who has access to each moving device before and after, compared per account and
    /// grouped by account and kind of change ("loses access to 5 devices"). One A7 query for all of them, whatever their number.
    /// </summary>
    public static async Task<IReadOnlyList<AccessChange>> ComputeAsync(AppDbContext db, TransferPlan plan, CancellationToken ct = default)
    {
        var moving = plan.Devices.Where(d => d.Outcome == TransferOutcome.Moves).ToList();
        var keys = moving.SelectMany(d =>
        {
            var source = plan.Sources[d.Id];
            return new[] { (source.Path, source.OwnerId), (plan.Destination.Path, plan.NewOwnerId ?? source.OwnerId) };
        }).ToList();
        var access = await DeviceAccessQuery.WhoHasAccessAsync(db, keys, ct);

        var changes = new List<(string AccountId, string Email, AccessChangeKind Kind, string? Before, string? After, string Device)>();
        foreach (var device in moving)
        {
            var source = plan.Sources[device.Id];
            var before = access[(source.Path, source.OwnerId)].ToDictionary(a => a.AccountId);
            var after = access[(plan.Destination.Path, plan.NewOwnerId ?? source.OwnerId)].ToDictionary(a => a.AccountId);
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
}
