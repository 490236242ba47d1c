using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>Tag entries (G2): one per device, naming the tags added and removed and the device's tags before and after.</summary>
public sealed partial class AuditLog
{
    public AuditEntry DeviceTagsChanged(AppDbContext db, Actor actor, int deviceId, string deviceName, Organization organization,
        IReadOnlyList<string> before, IReadOnlyList<string> added, IReadOnlyList<string> removed)
    {
        var after = before.Where(t => !removed.Contains(t, StringComparer.OrdinalIgnoreCase)).Concat(added).ToList();
        var parts = new List<string>(2);
        if (added.Count > 0) parts.Add($"tagged {deviceName} with {string.Join(", ", added)}");
        if (removed.Count > 0) parts.Add($"removed {string.Join(", ", removed)} from {deviceName}");
        var summary = string.Join("; ", parts);
        return Write(db, actor, AuditActions.DeviceTagsChanged, AuditTargets.Device, deviceId.ToString(), deviceName,
            char.ToUpperInvariant(summary[0]) + summary[1..], [AuditOrganization.Of(organization)],
            before: new { Tags = before }, after: new { Tags = after });
    }
}
