using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;

namespace DeviceConsole.Services.SavedViews;

/// <summary>The grid settings a saved view keeps (V1): never device IDs.</summary>
public sealed record SavedViewSettings(int OrganizationId, bool IncludeSubOrganizations = true, string? Search = null,
    DeviceStatus? Status = null, IReadOnlyList<string>? Tags = null, DeviceSort SortBy = DeviceSort.Name, bool Descending = false,
    int PageSize = 25)
{
    public static readonly IReadOnlyList<int> PageSizes = [10, 25, 50, 100];

    /// <summary>The device-list request these settings open on its first page.</summary>
    public DeviceListRequest ToRequest() =>
        new(Search, Status, IncludeSubOrganizations, SortBy, Descending, 0, PageSize, Tags ?? []);
}

/// <summary>A saved view as the Devices page lists it, with what the actor may do with it (V2).</summary>
public sealed record SavedViewRow(int Id, string Name, string OwnerEmail, bool IsOwn, int? SharedOrganizationId,
    string? SharedOrganizationName, string OrganizationName, bool CanChange, SavedViewSettings Settings)
{
    public bool IsShared => SharedOrganizationId is not null;
}

/// <summary>An organization a view can be shared with: one where the actor is Admin (V1).</summary>
public sealed record ShareTarget(int Id, string Name, string PathLabel);
