using DeviceConsole.Services.Common;
using DeviceConsole.Services.Audit;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Tokens;

/// <summary>
/// T4: each token's expiry is written to the audit log once, by the system, when a sweep or a
/// request with the token first finds it expired.
/// </summary>
public sealed class TokenExpiry(Operations operations, AuditLog audit, TimeProvider clock)
{
    private const int BatchSize = 500;

    /// <returns>How many expiries were audited.</returns>
    public async Task<int> AuditExpiredAsync(int? tokenId = null, CancellationToken ct = default)
    {
        await using var op = await operations.BeginAnonymousWriteAsync(ct);
        var db = op.Db;
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.AccessTokens.Include(t => t.Organization)
            .Where(t => !t.ExpiryAudited && t.RevokedAt == null && t.ExpiresAt <= now);
        if (tokenId is { } id)
            query = query.Where(t => t.Id == id);
        var expired = await query.OrderBy(t => t.ExpiresAt).Take(BatchSize).ToListAsync(ct);
        if (expired.Count == 0)
            return 0;

        var accountIds = expired.Select(t => t.AccountId).Distinct().ToList();
        var emails = await db.Users.Where(u => accountIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        foreach (var token in expired)
        {
            audit.TokenExpired(db, token, token.Organization!, emails.GetValueOrDefault(token.AccountId, ""));
            token.MarkExpiryAudited();
        }
        await op.CommitAsync(ct);
        return expired.Count;
    }
}

/// <summary>Runs <see cref="TokenExpiry"/> every few minutes (<c>Api:Tokens:ExpirySweepMinutes</c>).</summary>
public sealed class TokenExpirySweep(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<TokenOptions> options,
    ILogger<TokenExpirySweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.Value.ExpirySweepMinutes)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // One instance at a time across the fleet; another one running it now means this turn is done.
                var expiry = scope.ServiceProvider.GetRequiredService<TokenExpiry>();
                await scope.ServiceProvider.GetRequiredService<IExclusiveJobs>()
                    .TryRunAsync(nameof(TokenExpirySweep), ct => expiry.AuditExpiredAsync(ct: ct), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A busy or failing database must not stop the sweep: the next tick tries again.
                logger.LogWarning(e, "Auditing expired API tokens failed");
            }
        }
    }
}
