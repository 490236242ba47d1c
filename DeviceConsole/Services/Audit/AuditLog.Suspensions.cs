using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>Suspension entries (S4), in every organization the account belongs to.</summary>
public sealed partial class AuditLog
{
    public AuditEntry AccountSuspended(AppDbContext db, Actor actor, string accountId, string email, IEnumerable<Organization> organizations) =>
        Write(db, actor, AuditActions.AccountSuspended, AuditTargets.Account, accountId, email,
            $"Suspended the account {email}", organizations.Select(o => AuditOrganization.Of(o)));

    public AuditEntry AccountReinstated(AppDbContext db, Actor actor, string accountId, string email, IEnumerable<Organization> organizations) =>
        Write(db, actor, AuditActions.AccountReinstated, AuditTargets.Account, accountId, email,
            $"Reinstated the account {email}", organizations.Select(o => AuditOrganization.Of(o)));
}
