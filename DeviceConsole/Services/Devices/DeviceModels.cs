using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Devices;

public enum DeviceSort
{
    Name,
    SerialNumber,
    Organization,
    Owner,
    Status,
    LastSeen,
}

/// <summary>One page of the device list; every part of it runs in SQL (A6).</summary>
public sealed record DeviceListRequest(
    string? Search = null,
    DeviceStatus? Status = null,
    bool IncludeSubOrganizations = true,
    DeviceSort SortBy = DeviceSort.Name,
    bool Descending = false,
    int Skip = 0,
    int Take = 25,
    IReadOnlyList<string>? Tags = null,
    string? Cursor = null)
{
    public const int MaxPageSize = 100;
}

public sealed record DeviceRow(int Id, string Name, string SerialNumber, int OrganizationId, string OrganizationLabel,
    string OwnerEmail, DeviceStatus Status, DateTime? LastSeenAt, Guid Version, IReadOnlyList<string>? Tags = null);

/// <summary>One page; <see cref="NextCursor"/> opens the page after it by keyset (null on the last page or an offset-paged sort).</summary>
public sealed record DevicePage(IReadOnlyList<DeviceRow> Rows, int Total, string? NextCursor = null);

public sealed record DeviceDetails(int Id, string Name, string SerialNumber, int OrganizationId, string OrganizationName,
    string OrganizationLabel, string OwnerId, string OwnerEmail, DeviceStatus Status, DateTime? LastSeenAt,
    DateTime CreatedAt, Guid Version, bool CanManage, IReadOnlyList<DeviceAccess>? Access);

/// <summary>A device as the actor loaded it: its ID and the concurrency token it had then (D9).</summary>
public sealed record DeviceToken(int DeviceId, Guid Version);

/// <summary>Name, serial and status of a device as entered in the create or edit dialog (D2).</summary>
public sealed record DeviceDraft(string Name, string SerialNumber, DeviceStatus Status);

/// <summary>A device that was created, saved or deleted, and the sentence that tells the actor so.</summary>
public sealed record DeviceChangeResult(int DeviceId, string Message);
