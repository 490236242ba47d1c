using DeviceConsole.Domain;

namespace DeviceConsole.Data.Counters;

/// <summary>
/// How many devices one organization holds in one status. The database keeps these rows in step
/// with every device write, in the writing statement's own transaction (on SQLite: the triggers of
/// <see cref="SqliteDeviceCountTriggers"/>), so a total is a sum over a subtree's organizations
/// instead of a count over its devices. The application never writes them.
/// </summary>
public sealed class DeviceCount
{
    public int OrganizationId { get; private set; }
    public DeviceStatus Status { get; private set; }
    public int Count { get; private set; }
}
