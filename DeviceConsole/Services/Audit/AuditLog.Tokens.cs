using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>API tokens (T4): created, revoked and expired, each naming the token by its name and prefix, never its secret (T5).</summary>
public sealed partial class AuditLog
{
    public AuditEntry TokenCreated(AppDbContext db, Actor actor, AccessToken token, Organization organization, string accountEmail) =>
        Write(db, actor, AuditActions.TokenCreated, AuditTargets.Token, token.Id.ToString(), token.Name,
            $"{accountEmail} created the API token {token.Name} ({token.Prefix}…) for {organization.Name}, ceiling {token.Ceiling}, expiring {token.ExpiresAt:yyyy-MM-dd}",
            [AuditOrganization.Of(organization)], after: TokenDetails(token, accountEmail));

    public AuditEntry TokenRevoked(AppDbContext db, Actor actor, AccessToken token, Organization organization, string accountEmail) =>
        Write(db, actor, AuditActions.TokenRevoked, AuditTargets.Token, token.Id.ToString(), token.Name,
            $"Revoked the API token {token.Name} ({token.Prefix}…) of {accountEmail} for {organization.Name}",
            [AuditOrganization.Of(organization)], before: TokenDetails(token, accountEmail), after: new { State = "Revoked" });

    public AuditEntry TokenExpired(AppDbContext db, AccessToken token, Organization organization, string accountEmail) =>
        Write(db, Actor.System, AuditActions.TokenExpired, AuditTargets.Token, token.Id.ToString(), token.Name,
            $"The API token {token.Name} ({token.Prefix}…) of {accountEmail} for {organization.Name} expired",
            [AuditOrganization.Of(organization)], before: TokenDetails(token, accountEmail), after: new { State = "Expired" });

    private static object TokenDetails(AccessToken token, string accountEmail) => new
    {
        token.Name, token.Prefix, Account = accountEmail, Ceiling = token.Ceiling.ToString(), ExpiresAt = token.ExpiresAt.ToString("o"),
    };
}
