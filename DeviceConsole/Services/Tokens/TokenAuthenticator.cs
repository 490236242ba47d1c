using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Tokens;

/// <summary>
/// T3, on every request: a presented token acts only while it is well formed, known, not revoked,
/// not expired, its account exists and is not suspended, and the account still has a role in the
/// token's organization. Every failure gives the same null, so callers answer the same 401.
/// </summary>
public sealed class TokenAuthenticator(Operations operations, TokenExpiry expiry, TimeProvider clock,
    ILogger<TokenAuthenticator> logger)
{
    /// <summary>T4: the last use is written at most once a minute per token.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public async Task<TokenIdentity?> AuthenticateAsync(string? presented, CancellationToken ct = default)
    {
        if (!AccessTokenSecrets.IsWellFormed(presented))
            return null;
        var hash = AccessTokenSecrets.Hash(presented!);
        await using var op = await operations.BeginAnonymousReadAsync(ct);
        var db = op.Db;
        var found = await db.AccessTokens.AsNoTracking()
            .Where(t => t.SecretHash == hash)
            .Select(t => new
            {
                t.Id, t.AccountId, t.Name, t.Prefix, t.OrganizationId, t.Ceiling, t.ExpiresAt, t.RevokedAt, t.LastUsedAt,
                t.ExpiryAudited, OrganizationPath = t.Organization!.Path,
                Account = db.Users.Where(u => u.Id == t.AccountId).Select(u => new { u.Email, u.SuspendedAt }).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null || found.RevokedAt is not null)
            return null;

        var now = clock.GetUtcNow().UtcDateTime;
        if (found.ExpiresAt <= now)
        {
            if (!found.ExpiryAudited)
                await expiry.AuditExpiredAsync(found.Id, ct);
            return null;
        }
        if (found.Account is null || found.Account.SuspendedAt is not null)
            return null;

        var ancestorIds = OrganizationPath.Ids(found.OrganizationPath);
        if (!await db.Memberships.AnyAsync(m => m.AccountId == found.AccountId && ancestorIds.Contains(m.OrganizationId), ct))
            return null;

        if (found.LastUsedAt is not { } last || last <= now - LastUseResolution)
            await RecordUseAsync(db, found.Id, now, ct);
        return new TokenIdentity(found.Id, found.AccountId, found.Account.Email ?? "", found.Name, found.Prefix,
            found.OrganizationId, found.Ceiling);
    }

    private async Task RecordUseAsync(AppDbContext db, int tokenId, DateTime now, CancellationToken ct)
    {
        var cutoff = now - LastUseResolution;
        try
        {
            await db.AccessTokens.Where(t => t.Id == tokenId && (t.LastUsedAt == null || t.LastUsedAt <= cutoff))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // The last-use time is informational: a busy database must not refuse the call.
            logger.LogWarning(e, "Recording the last use of API token {TokenId} failed", tokenId);
        }
    }
}
