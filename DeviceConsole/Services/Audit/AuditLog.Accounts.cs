using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>Account entries (S1, S2, M5).</summary>
public sealed partial class AuditLog
{
    public AuditEntry AccountRegistered(AppDbContext db, Actor actor, Organization organization, bool throughInvitation) =>
        Write(db, actor, AuditActions.AccountRegistered, AuditTargets.Account, actor.AccountId!, actor.Email,
            throughInvitation ? $"{actor.Email} registered through an invitation to {organization.Name}"
                : $"{actor.Email} registered with the new organization {organization.Name}",
            [AuditOrganization.Of(organization)]);

    /// <summary>M5: recorded once the new address is confirmed, in every organization the account belongs to.</summary>
    public AuditEntry AccountEmailChanged(AppDbContext db, string accountId, string oldEmail, string newEmail,
        IEnumerable<Organization> organizations) =>
        Write(db, new Actor(accountId, oldEmail), AuditActions.AccountEmailChanged, AuditTargets.Account, accountId, newEmail,
            $"{oldEmail} changed its email to {newEmail}", organizations.Select(o => AuditOrganization.Of(o)),
            before: new { Email = oldEmail }, after: new { Email = newEmail });

    public AuditEntry AccountDeleted(AppDbContext db, Actor actor, IEnumerable<Organization> organizations) =>
        Write(db, actor, AuditActions.AccountDeleted, AuditTargets.Account, actor.AccountId!, actor.Email,
            $"{actor.Email} deleted its account", organizations.Select(o => AuditOrganization.Of(o)));
}
