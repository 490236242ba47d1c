using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Tokens;

/// <summary>
/// Creating and revoking API tokens (T1, T4). Each change commits with its audit entry (L1); the
/// secret leaves this class once, in the creation's answer, and only its hash is stored.
/// </summary>
public sealed class TokenCommands(Operations operations, AccessService access, AuditLog audit, IOptions<TokenOptions> options,
    TimeProvider clock)
{
    public async Task<CreatedToken> CreateAsync(TokenCreateRequest request, CancellationToken ct = default)
    {
        var name = AccessToken.ValidateName(request.Name);
        if (!Enum.IsDefined(request.Ceiling))
            throw DomainException.Invalid("Choose a ceiling: Admin, Staff or User.");
        var days = request.ExpiresInDays ?? options.Value.DefaultExpiryDays;
        var maxDays = options.Value.MaxExpiryDays;
        if (days < 1 || days > maxDays)
            throw DomainException.Invalid($"A token expires in 1 to {maxDays} days (the default is {options.Value.DefaultExpiryDays}).");

        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var organization = await access.RequireVisibleAsync(db, view, request.OrganizationId, ct);
        var role = view.EffectiveRole(organization.Path)!.Value;
        if (request.Ceiling > role)
            throw access.Refuse(view, "T1", $"organization {organization.Id}",
                $"A token for {organization.Name} can act at most as {role}, your role there; choose {role} or lower.");

        var now = clock.GetUtcNow().UtcDateTime;
        var nameTaken = await db.AccessTokens.AnyAsync(t => t.AccountId == view.AccountId && t.Name == name
            && t.RevokedAt == null && t.ExpiresAt > now, ct);
        if (nameTaken)
            throw access.Refuse(view, "T1", $"token {name}",
                $"You already have an active token named {name}; choose another name, or revoke that token first.");

        var (secret, display, hash) = AccessTokenSecrets.New();
        var token = AccessToken.Create(view.AccountId, organization.Id, name, display, hash, request.Ceiling, now, now.AddDays(days));
        db.AccessTokens.Add(token);
        await op.SaveAsync(ct);
        var entity = await db.Organizations.SingleAsync(o => o.Id == organization.Id, ct);
        audit.TokenCreated(db, view.AsActor(), token, entity, view.Email);
        await op.CommitAsync(ct);

        return new CreatedToken(secret, TokenQueries.Row(token, organization.PathLabel, view.Email, true, now));
    }

    /// <summary>T4: the account revokes its own tokens; an Admin any token acting in its subtrees. Others are not found (A4).</summary>
    public async Task<TokenRevoked> RevokeAsync(int tokenId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var token = await db.AccessTokens.Include(t => t.Organization).SingleOrDefaultAsync(t => t.Id == tokenId, ct);
        var mayRevoke = token is not null
            && (token.AccountId == view.AccountId || view.EffectiveRole(token.Organization!.Path) == Role.Admin);
        if (!mayRevoke)
            throw new NotFoundException("token");

        token!.Revoke(clock.GetUtcNow().UtcDateTime);
        var email = await db.Users.Where(u => u.Id == token.AccountId).Select(u => u.Email).SingleAsync(ct) ?? "";
        audit.TokenRevoked(db, view.AsActor(), token, token.Organization!, email);
        await op.CommitAsync(ct);
        return new TokenRevoked(token.Id, $"The token {token.Name} was revoked; it stops working on its next call.");
    }
}
