using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>Membership and invitation entries (M1–M7). <paramref name="how"/> says how a change came about, where not by an Admin's direct action.</summary>
public sealed partial class AuditLog
{
    public AuditEntry MembershipAdded(AppDbContext db, Actor actor, string accountId, string email, Organization organization,
        Role role, string? how = null) =>
        Write(db, actor, AuditActions.MembershipAdded, AuditTargets.Membership, MembershipTarget.Format(accountId, organization.Id), email,
            $"{email} became {role} of {organization.Name}{Suffix(how)}", [AuditOrganization.Of(organization)],
            after: new { Role = role.ToString() });

    public AuditEntry MembershipChanged(AppDbContext db, Actor actor, string accountId, string email, Organization organization,
        Role before, Role after, string? how = null) =>
        Write(db, actor, AuditActions.MembershipChanged, AuditTargets.Membership, MembershipTarget.Format(accountId, organization.Id), email,
            $"{email} went from {before} to {after} in {organization.Name}{Suffix(how)}", [AuditOrganization.Of(organization)],
            before: new { Role = before.ToString() }, after: new { Role = after.ToString() });

    public AuditEntry MembershipRemoved(AppDbContext db, Actor actor, string accountId, string email, Organization organization, Role role) =>
        Write(db, actor, AuditActions.MembershipRemoved, AuditTargets.Membership, MembershipTarget.Format(accountId, organization.Id), email,
            $"{email} was removed from {organization.Name} (was {role})", [AuditOrganization.Of(organization)],
            before: new { Role = role.ToString() });

    /// <summary>S1: an account that deletes itself leaves each organization with an entry of its own.</summary>
    public AuditEntry MembershipEndedByAccountDeletion(AppDbContext db, Actor actor, Organization organization, Role role) =>
        Write(db, actor, AuditActions.MembershipRemoved, AuditTargets.Membership, MembershipTarget.Format(actor.AccountId!, organization.Id),
            actor.Email, $"{actor.Email} left {organization.Name} by deleting its account (was {role})",
            [AuditOrganization.Of(organization)], before: new { Role = role.ToString() });

    public AuditEntry InvitationCreated(AppDbContext db, Actor actor, Invitation invitation, Organization organization) =>
        Write(db, actor, AuditActions.InvitationCreated, AuditTargets.Invitation, invitation.Id.ToString(), invitation.Email,
            $"Invited {invitation.Email} as {invitation.Role} of {organization.Name}", [AuditOrganization.Of(organization)],
            after: new { Role = invitation.Role.ToString(), invitation.ExpiresAt });

    /// <summary>M4: a new token, a new expiry and possibly a new role for the pending invitation.</summary>
    public AuditEntry InvitationResent(AppDbContext db, Actor actor, Invitation invitation, Organization organization,
        Role roleBefore, DateTime expiresBefore) =>
        Write(db, actor, AuditActions.InvitationResent, AuditTargets.Invitation, invitation.Id.ToString(), invitation.Email,
            $"Sent the invitation of {invitation.Email} to {organization.Name} again, as {invitation.Role}",
            [AuditOrganization.Of(organization)],
            before: new { Role = roleBefore.ToString(), ExpiresAt = expiresBefore },
            after: new { Role = invitation.Role.ToString(), invitation.ExpiresAt });

    public AuditEntry InvitationRevoked(AppDbContext db, Actor actor, Invitation invitation) =>
        Write(db, actor, AuditActions.InvitationRevoked, AuditTargets.Invitation, invitation.Id.ToString(),
            invitation.Email, $"Revoked the invitation of {invitation.Email} as {invitation.Role} of {invitation.Organization!.Name}",
            [AuditOrganization.Of(invitation.Organization)], before: new { Role = invitation.Role.ToString() });

    public AuditEntry InvitationAccepted(AppDbContext db, Actor actor, Invitation invitation, Organization organization) =>
        Write(db, actor, AuditActions.InvitationAccepted, AuditTargets.Invitation, invitation.Id.ToString(), invitation.Email,
            $"{invitation.Email} accepted the invitation as {invitation.Role} of {organization.Name}",
            [AuditOrganization.Of(organization)], after: new { Role = invitation.Role.ToString() });

    public AuditEntry InvitationDeclined(AppDbContext db, Actor actor, Invitation invitation, Organization organization) =>
        Write(db, actor, AuditActions.InvitationDeclined, AuditTargets.Invitation, invitation.Id.ToString(), invitation.Email,
            $"{invitation.Email} declined the invitation as {invitation.Role} of {organization.Name}", [AuditOrganization.Of(organization)]);

    public AuditEntry DemoMembershipAdded(AppDbContext db, string accountId, string email, Organization organization, Role role) =>
        MembershipAdded(db, Actor.System, accountId, email, organization, role, "demo data");

    private static string Suffix(string? how) => how is null ? "" : how.StartsWith("by ", StringComparison.Ordinal) ? $" {how}" : $" ({how})";
}
