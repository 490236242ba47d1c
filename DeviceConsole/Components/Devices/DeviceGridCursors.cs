using DeviceConsole.Services.Devices;

namespace DeviceConsole.Components.Devices;

/// <summary>
/// The keyset cursors of the pages the grid has visited, for one list (organization, filter and
/// sort): a visited page opens by its cursor, and any change of list forgets them all.
/// </summary>
public sealed class DeviceGridCursors
{
    private Dictionary<int, string> _cursors = [];
    private string? _list;

    /// <summary>The cursor that opens <paramref name="page"/> of this list, if the grid has one.</summary>
    public string? For(int organizationId, DeviceListRequest request, int page)
    {
        var list = $"{organizationId}|{request with { Skip = 0, Tags = null, Cursor = null }}|{string.Join('|', request.Tags ?? [])}";
        if (list != _list)
            (_cursors, _list) = (new Dictionary<int, string>(), list);
        return _cursors.GetValueOrDefault(page);
    }

    public void Remember(int page, string? cursor)
    {
        if (cursor is not null)
            _cursors[page] = cursor;
    }
}
