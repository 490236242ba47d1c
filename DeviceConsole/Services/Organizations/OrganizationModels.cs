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
    string LabelBefore,
    string LabelAfter,
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

/// <summary>Which management actions the actor may take on an organization (A2); buttons follow it, the service re-checks.</summary>
public sealed record OrganizationActions(bool CanCreate, bool CanRename, bool CanMove, bool CanDelete)
{
    public static readonly OrganizationActions None = new(false, false, false, false);
    public bool Any => CanCreate || CanRename || CanMove || CanDelete;
}

/// <summary>Create a sub-organization of <paramref name="ParentId"/> (O1, O2).</summary>
public sealed record CreateOrganizationRequest(int ParentId, string Name);

/// <summary>An organization as a create, rename or delete left it, and the sentence that tells the actor so.</summary>
public sealed record OrganizationChangeResult(OrganizationRef Organization, string Message);

/// <summary>A move as it was carried out (the preview it followed, recomputed in the move's transaction) and its message.</summary>
public sealed record MoveResult(MovePreview Move, string Message);

/// <summary>Rename an organization (O1).</summary>
public sealed record RenameOrganizationRequest(int OrganizationId, string Name);

/// <summary>
/// Move an organization with its subtree under a new parent (O3). <paramref name="NewOwnerId"/>
/// names the account that takes over devices whose owners would lose access (D1).
/// </summary>
public sealed record MoveOrganizationRequest(int OrganizationId, int NewParentId, string? NewOwnerId = null);

/// <summary>
/// An organization in a forest of the actor's organizations, with its effective role. A node whose
/// parent is not in the forest is top-level and labelled with its path of names (A4, A5).
/// </summary>
public sealed record ForestNode(int Id, string Name, int? ParentId, string Path, Role Role, string Label, bool IsTopLevel);

/// <summary>A node of the Organizations page tree; member counts only for Admin and Staff (A4).</summary>
public sealed record OrganizationNode(int Id, string Name, int? ParentId, string Path, Role Role, int DeviceCount, int? MemberCount);
