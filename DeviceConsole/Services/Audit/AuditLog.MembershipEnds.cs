using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>Time-boxed membership entries (M8): an end date set, moved or cleared, and the ending itself, recorded once by the system.</summary>
public sealed partial class AuditLog
{
    public AuditEntry MembershipEndSet(AppDbContext db, Actor actor, Membership membership, Organization organization, string email,
        DateTime? before) =>
        Write(db, actor, AuditActions.MembershipEndSet, AuditTargets.Membership, $"{membership.AccountId}:{organization.Id}", email,
            membership.EndsAt is { } end
                ? $"{email}'s {membership.Role} membership of {organization.Name} now ends on {end:yyyy-MM-dd HH:mm} UTC"
                : $"{email}'s {membership.Role} membership of {organization.Name} no longer has an end date",
            [AuditOrganization.Of(organization)],
            before: new { EndsAt = before }, after: new { membership.EndsAt });

    public AuditEntry MembershipEnded(AppDbContext db, Membership membership, Organization organization, string email) =>
        Write(db, Actor.System, AuditActions.MembershipEnded, AuditTargets.Membership, $"{membership.AccountId}:{organization.Id}", email,
            $"{email}'s {membership.Role} membership of {organization.Name} ended on {membership.EndsAt:yyyy-MM-dd HH:mm} UTC, as set",
            [AuditOrganization.Of(organization)],
            before: new { Role = membership.Role.ToString(), membership.EndsAt });
}
