using DeviceConsole.Domain;
using DeviceConsole.Services.Common;

namespace DeviceConsole.Services.Devices;

/// <summary>
/// Keyset paging of the device list: the next page starts after the last row's (sort key, ID), so
/// a page at any depth costs what the first page costs. Sorts on the device's own columns page
/// this way; organization and owner sorts (joined columns) keep offset paging.
/// </summary>
public static class DeviceKeyset
{
    public static bool Supports(DeviceSort sort) => sort is DeviceSort.Name or DeviceSort.SerialNumber or DeviceSort.Status;

    public static PageCursors.Key KeyOf(DeviceSort sort, int id, string name, string serial, DeviceStatus status) => sort switch
    {
        DeviceSort.SerialNumber => new(serial, null, id),
        DeviceSort.Status => new(null, (long)status, id),
        _ => new(name, null, id),
    };

    /// <summary>The rows after <paramref name="key"/> in the list's order (ties broken by ID, as the sort does).</summary>
    public static IQueryable<Device> After(IQueryable<Device> devices, DeviceSort sort, bool descending, PageCursors.Key key)
    {
        var id = (int)key.Id;
        var text = key.Text ?? "";
        var status = (DeviceStatus)(key.Number ?? 0);
        return (sort, descending) switch
        {
            (DeviceSort.SerialNumber, false) => devices.Where(d => string.Compare(d.SerialNumber, text) > 0 || (d.SerialNumber == text && d.Id > id)),
            (DeviceSort.SerialNumber, true) => devices.Where(d => string.Compare(d.SerialNumber, text) < 0 || (d.SerialNumber == text && d.Id < id)),
            (DeviceSort.Status, false) => devices.Where(d => d.Status > status || (d.Status == status && d.Id > id)),
            (DeviceSort.Status, true) => devices.Where(d => d.Status < status || (d.Status == status && d.Id < id)),
            (_, false) => devices.Where(d => string.Compare(d.Name, text) > 0 || (d.Name == text && d.Id > id)),
            (_, true) => devices.Where(d => string.Compare(d.Name, text) < 0 || (d.Name == text && d.Id < id)),
        };
    }
}
