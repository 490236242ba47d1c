using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Organizations;

/// <summary>
/// What a move changes (O3), computed by the same planning code that performs it. Every list
/// lies within the actor's view: the actor is Admin of both parents (A4).
/// </summary>
public sealed record MovePreview(
    int OrganizationId,
    string OrganizationName,
    string OldParentName,
    string NewParentName,
    string PathBefore,
    string PathAfter,
    int SubOrganizations,
    int Devices,
    int DirectMemberships,
    int PendingInvitations,
    IReadOnlyList<RoleChange> RoleChanges,
    IReadOnlyList<BlockedDevice> BlockedDevices,
    IReadOnlyList<OwnerCandidate> OwnerCandidates,
    string? NewOwnerEmail)
{
    /// <summary>Devices would be left with an owner without access and nobody takes them over (D1).</summary>
    public bool IsBlocked => BlockedDevices.Count > 0 && NewOwnerEmail is null;
}

public enum RoleChangeKind { Gained, Lost, Raised, Lowered }

/// <summary>An account whose effective role in the moved organization changes (A1), with the membership each role comes from.</summary>
public sealed record RoleChange(string AccountId, string Email, RoleChangeKind Kind,
    Role? Before, string? BeforeFrom, Role? After, string? AfterFrom);

/// <summary>A device of the moved subtree whose owner would have no role in the device's organization after the move (D1).</summary>
public sealed record BlockedDevice(int Id, string Name, string SerialNumber, string OrganizationName, string OwnerEmail);

/// <summary>A parent an organization may be moved under (O3): same tree, outside its subtree, depth kept, actor is Admin.</summary>
public sealed record MoveTarget(int Id, string Name, int? ParentId, string PathLabel);

/// <summary>A checked move: what the preview shows, and the devices that pass to the named new owner (O3).</summary>
public sealed record MovePlan(MovePreview Preview, IReadOnlyCollection<int> BlockedDeviceIds, string? NewOwnerId);
