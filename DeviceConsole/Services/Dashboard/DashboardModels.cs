using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Dashboard;

/// <summary>
/// Counts for one organization, all within the actor's view (A4): a User gets only its own
/// devices and no member or invitation counts.
/// </summary>
public sealed record DashboardCounts(
    OrganizationRef Organization,
    Role Role,
    int SubOrganizations,
    IReadOnlyDictionary<DeviceStatus, int> DevicesByStatus,
    int? Members,
    int? PendingInvitations)
{
    public int Devices => DevicesByStatus.Values.Sum();
}

/// <summary>An organization with no Admin membership of its own (it relies on inherited Admins).</summary>
public sealed record OrganizationWarning(int Id, string Name, string PathLabel);

/// <summary>A device whose owner has no effective role in its organization: D1 says this never happens.</summary>
public sealed record DeviceWarning(int Id, string Name, string SerialNumber, string OwnerEmail, string OrganizationLabel);

/// <summary>A pending invitation that expires soon.</summary>
public sealed record InvitationWarning(int Id, string Email, int OrganizationId, string OrganizationName, Role Role, DateTime ExpiresAt);

/// <summary>What needs attention in an organization's subtree, within the actor's view (A4).</summary>
public sealed record DashboardHealth(
    IReadOnlyList<OrganizationWarning> WithoutOwnAdmin,
    IReadOnlyList<DeviceWarning> OwnerWithoutAccess,
    IReadOnlyList<InvitationWarning> ExpiringInvitations)
{
    public static readonly DashboardHealth None = new([], [], []);
    public bool IsEmpty => WithoutOwnAdmin.Count == 0 && OwnerWithoutAccess.Count == 0 && ExpiringInvitations.Count == 0;
}
