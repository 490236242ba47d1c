namespace DeviceConsole.Services.Organizations;

/// <summary>Create a sub-organization of <paramref name="ParentId"/> (O1, O2).</summary>
public sealed record CreateOrganizationRequest(int ParentId, string Name);

/// <summary>Rename an organization (O1).</summary>
public sealed record RenameOrganizationRequest(int OrganizationId, string Name);

/// <summary>
/// Move an organization with its subtree under a new parent (O3). <paramref name="NewOwnerId"/>
/// names the account that takes over devices whose owners would lose access (D1).
/// </summary>
public sealed record MoveOrganizationRequest(int OrganizationId, int NewParentId, string? NewOwnerId = null);
