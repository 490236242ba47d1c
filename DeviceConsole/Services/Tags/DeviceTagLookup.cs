using DeviceConsole.Data;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Tags;

/// <summary>The tags of a set of devices in one query, for a grid page or an export batch.</summary>
public static class DeviceTagLookup
{
    public static async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> ForDevicesAsync(AppDbContext db,
        IReadOnlyCollection<int> deviceIds, CancellationToken ct = default)
    {
        if (deviceIds.Count == 0) return new Dictionary<int, IReadOnlyList<string>>();
        var rows = await db.DeviceTags.AsNoTracking().Where(t => deviceIds.Contains(t.DeviceId))
            .Select(t => new { t.DeviceId, t.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.DeviceId).ToDictionary(g => g.Key,
            g => (IReadOnlyList<string>)g.Select(r => r.Name).Order(StringComparer.OrdinalIgnoreCase).ToList());
    }
}
