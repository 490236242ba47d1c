using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Tags;

/// <summary>Tag suggestions (G2), computed within the actor's view: a tag used only outside it is never offered (A4).</summary>
public sealed class TagQueries(Operations operations, AccessService access)
{
    public const int MaxSuggestions = 20;

    /// <summary>Tags on the devices the actor sees in the organization's list (with its subtree, A6) that start with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> SuggestAsync(int organizationId, string? prefix, CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        var visible = DeviceVisibility.Apply(db.Devices.AsNoTracking(), view, organization.Path, includeSubtree: true).Select(d => d.Id);
        var tags = db.DeviceTags.AsNoTracking().Where(t => visible.Contains(t.DeviceId));
        var normalized = DeviceTag.Normalize(prefix ?? "");
        if (normalized.Length > 0)
        {
            // A range on the normalized name, so the (NormalizedName, DeviceId) index serves the prefix.
            var upper = normalized + '\uffff';
            tags = tags.Where(t => string.Compare(t.NormalizedName, normalized) >= 0 && string.Compare(t.NormalizedName, upper) < 0);
        }
        var found = await tags
            .GroupBy(t => t.NormalizedName)
            .OrderBy(g => g.Key)
            .Select(g => g.Min(t => t.Name))
            .Take(MaxSuggestions)
            .ToListAsync(ct);
        return found.OfType<string>().ToList();
    }
}
