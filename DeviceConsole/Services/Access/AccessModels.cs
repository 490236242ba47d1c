using DeviceConsole.Domain;

namespace DeviceConsole.Services.Access;

/// <summary>An organization as the actor may see it, with its path of names from the root.</summary>
public sealed record OrganizationRef(int Id, string Name, int? ParentId, string Path, string PathLabel)
{
    public int Level => OrganizationPath.Level(Path);
}

/// <summary>One membership of the actor, with the organization's path at the time it was read.</summary>
public sealed record Grant(int MembershipId, int OrganizationId, string OrganizationName, string Path, Role Role);

/// <summary>Who performs a change, as written into the audit log.</summary>
public sealed record Actor(string? AccountId, string Email)
{
    public static readonly Actor System = new(null, AuditEntry.SystemActor);

    /// <summary>The audit log's actor column length.</summary>
    public const int MaxEmailLength = 256;
}

/// <summary>
/// One account with access to a device (A7): its effective role in the device's organization and
/// the membership it comes from, and whether it owns the device.
/// </summary>
public sealed record DeviceAccess(string AccountId, string Email, Role? Role, int? SourceOrganizationId,
    string? SourceOrganizationName, bool Inherited, bool IsOwner);

/// <summary>
/// An account with an effective role in an organization, and so a possible device owner there
/// (D1): offered by device creation, transfers (D4) and moves that need a new owner (O3).
/// </summary>
public sealed record OwnerCandidate(string AccountId, string Email, Role Role);

/// <summary>A device as its role checks read it: its organization (ID, path, name) and its owner.</summary>
public sealed record DeviceLookup(int OrganizationId, string OwnerId, string Path, string Name);
