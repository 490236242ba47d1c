using DeviceConsole.Domain;

namespace DeviceConsole.Api;

// Request bodies of the API: read strictly (ApiJson), so a missing field or an unknown one is a 400.

public sealed record CreateOrganizationBody(int ParentId, string Name);

public sealed record RenameOrganizationBody(string Name);

public sealed record MoveOrganizationBody(int NewParentId, string? NewOwnerId = null);

public sealed record DeviceBody(string Name, string SerialNumber, DeviceStatus Status, string? OwnerId = null);

/// <summary>Sorts of the device list: only the device's own columns page by key, so the console's organization and owner sorts are not offered.</summary>
public enum DeviceListSort { Name, SerialNumber, Status }

public sealed record DeviceVersion(int DeviceId, Guid Version);

/// <summary>Devices of a list filter, for a dry run that resolves them into the frozen set (D8).</summary>
public sealed record DeviceFilterBody(int OrganizationId, string? Search = null, DeviceStatus? Status = null, bool IncludeSubOrganizations = true);

public sealed record TransferBody(int DestinationOrganizationId, IReadOnlyList<DeviceVersion>? Devices = null,
    DeviceFilterBody? Matching = null, string? NewOwnerEmail = null);

/// <summary>An invitation; <c>membershipEndsAt</c> (UTC) makes the membership it starts end then (M8).</summary>
public sealed record InviteBody(string Email, Role Role, DateTime? MembershipEndsAt = null);

/// <summary>M8: when a membership ends (UTC), or null for no end; devices it would strand need a new owner (M6).</summary>
public sealed record MembershipEndBody(DateTime? EndsAt, string? NewOwnerId = null);

public sealed record ChangeRoleBody(Role Role);
