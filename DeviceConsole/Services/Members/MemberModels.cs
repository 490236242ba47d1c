using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Members;

/// <summary>Who is looking at an invitation link (M3, M5).</summary>
public enum InvitationAudience { SignedOut, InvitedAccount, OtherAccount, UnconfirmedAccount }

/// <summary>An invitation as its link shows it; <see cref="Problem"/> says why it can no longer be accepted.</summary>
public sealed record InvitationTicket(int Id, string Email, int OrganizationId, string OrganizationName, Role Role,
    string InviterEmail, DateTime ExpiresAt, InvitationState State, string? Problem, InvitationAudience Audience);

/// <summary>A pending invitation addressed to the signed-in account.</summary>
public sealed record MyInvitation(int Id, int OrganizationId, string OrganizationName, Role Role, string InviterEmail, DateTime ExpiresAt);

/// <summary>An unconfirmed email sees no invitations (M5).</summary>
public sealed record MyInvitations(bool EmailConfirmed, IReadOnlyList<MyInvitation> Items);

public sealed record InvitationResponse(int OrganizationId, string OrganizationName, Role Role, bool Accepted, string Message);

/// <summary>An organization the actor may invite to (M1), with the highest role it may give there.</summary>
public sealed record InvitableOrganization(int Id, string Name, string PathLabel, Role MaxRole);

/// <summary>What inviting this email would change (M2), before the inviter confirms.</summary>
public sealed record InviteCheck(string Email, string? Note);

/// <summary>
/// The inviter's answer: the same whether or not an account exists for the email (M3). The link
/// is returned so the dialog can offer to copy it; it is never stored or logged here.
/// </summary>
/// <remarks><see cref="EmailSent"/> is false when the invitation was saved but its email could not be delivered.</remarks>
public sealed record InvitationSent(int InvitationId, string Email, int OrganizationId, string OrganizationName, Role Role,
    DateTime ExpiresAt, bool Resent, string Link, string? Note, bool EmailSent = true)
{
    public string Message => !EmailSent
        ? $"The invitation of {Email} as {Role} of {OrganizationName} is saved and valid until {ExpiresAt:yyyy-MM-dd HH:mm} UTC, "
            + "but its email could not be sent. Resend it later, or copy the link and pass it on yourself."
        : Resent
        ? $"{Email} already had a pending invitation to {OrganizationName}: it was sent again with a new link, as {Role}, valid until {ExpiresAt:yyyy-MM-dd HH:mm} UTC."
        : $"Invitation sent to {Email} as {Role} of {OrganizationName}, valid until {ExpiresAt:yyyy-MM-dd HH:mm} UTC.";
}

/// <summary>A membership with the account's email; for an inherited one, the ancestor it is held in.</summary>
public sealed record MemberRow(int MembershipId, string AccountId, string Email, Role Role, int OrganizationId,
    string OrganizationName, bool IsSelf, DateTime? EndsAt = null);

/// <summary>A pending invitation of the organization, as Admin and Staff see it (A4).</summary>
public sealed record PendingInvitationRow(int Id, string Email, Role Role, string InviterEmail, DateTime ExpiresAt);

/// <summary>The Members page of one organization: direct and inherited members, pending invitations.</summary>
public sealed record MembersOverview(OrganizationRef Organization, Role ActorRole, IReadOnlyList<MemberRow> Direct,
    IReadOnlyList<MemberRow> Inherited, IReadOnlyList<PendingInvitationRow> Invitations)
{
    public bool CanManage => ActorRole == Role.Admin;
}

/// <summary>A device the member owns and could no longer reach after a removal (M6, D1).</summary>
public sealed record StrandedDevice(int Id, string Name, string SerialNumber, int OrganizationId, string OrganizationName);

/// <summary>What removing a membership would do, computed by the code that performs the removal.</summary>
public sealed record RemovalPreview(MemberRow Member, IReadOnlyList<StrandedDevice> StrandedDevices,
    IReadOnlyList<OwnerCandidate> NewOwnerCandidates, string? KeepsNote);

public sealed record MemberChangeResult(string Message);
