using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Organizations;

namespace DeviceConsole.Api.Contracts;

// The API's own shapes of organizations, mapped from the service records, so a change of those
// records never changes the public contract by accident. Stored paths stay internal.

/// <summary>An organization where the token acts (A5), with the role there now.</summary>
public sealed record OrganizationInScope(int Id, string Name, int? ParentId, string Label, Role Role, bool IsTopLevel)
{
    public static OrganizationInScope From(ForestNode n) => new(n.Id, n.Name, n.ParentId, n.Label, n.Role, n.IsTopLevel);
}

/// <summary>One organization with its ancestors' names as a label ("Acme IoT / Client A").</summary>
public sealed record OrganizationResponse(int Id, string Name, int? ParentId, string Label)
{
    public static OrganizationResponse From(OrganizationRef o) => new(o.Id, o.Name, o.ParentId, o.PathLabel);
}

/// <summary>A node of an organization's subtree with counts in the view (A4): members only for Admin and Staff.</summary>
public sealed record OrganizationTreeNode(int Id, string Name, int? ParentId, Role Role, int DeviceCount, int? MemberCount)
{
    public static OrganizationTreeNode From(OrganizationNode n) => new(n.Id, n.Name, n.ParentId, n.Role, n.DeviceCount, n.MemberCount);
}

public sealed record RoleChangeResponse(string AccountId, string Email, RoleChangeKind Kind, Role? Before, string? BeforeFrom,
    Role? After, string? AfterFrom);

public sealed record BlockedDeviceResponse(int Id, string Name, string SerialNumber, string OrganizationName, string OwnerEmail);

/// <summary>An account that may own devices in an organization (D1), with its role there.</summary>
public sealed record OwnerCandidateResponse(string AccountId, string Email, Role Role)
{
    public static OwnerCandidateResponse From(OwnerCandidate c) => new(c.AccountId, c.Email, c.Role);
}

/// <summary>A move as previewed or performed (O3): the same plan either way, and the console's message once performed.</summary>
public sealed record MoveResponse(int OrganizationId, string OrganizationName, string OldParentName, string NewParentName,
    string LabelBefore, string LabelAfter, int SubOrganizations, int Devices, int DirectMemberships, int PendingInvitations,
    IReadOnlyList<RoleChangeResponse> RoleChanges, IReadOnlyList<BlockedDeviceResponse> BlockedDevices,
    IReadOnlyList<OwnerCandidateResponse> OwnerCandidates, string? NewOwnerEmail, bool IsBlocked, string? Message)
{
    public static MoveResponse From(MovePreview p, string? message = null) => new(p.OrganizationId, p.OrganizationName,
        p.OldParentName, p.NewParentName, p.LabelBefore, p.LabelAfter, p.SubOrganizations, p.Devices, p.DirectMemberships,
        p.PendingInvitations,
        p.RoleChanges.Select(c => new RoleChangeResponse(c.AccountId, c.Email, c.Kind, c.Before, c.BeforeFrom, c.After, c.AfterFrom)).ToList(),
        p.BlockedDevices.Select(d => new BlockedDeviceResponse(d.Id, d.Name, d.SerialNumber, d.OrganizationName, d.OwnerEmail)).ToList(),
        p.OwnerCandidates.Select(OwnerCandidateResponse.From).ToList(), p.NewOwnerEmail, p.IsBlocked, message);
}
