using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Members;

/// <summary>
/// M8: records, once, that memberships past their end date have ended, and removes them. Access
/// ended at the exact time already (the query filter in <see cref="AppDbContext"/>); this only
/// writes the audit entry and tidies the row, so it can run late, or twice, without harm.
/// </summary>
public sealed class MembershipExpiry(Operations operations, AuditLog audit, TimeProvider clock,
    ILogger<MembershipExpiry> logger)
{
    /// <summary>Ends every membership whose end date has passed; returns how many.</summary>
    public async Task<int> EndExpiredAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginAnonymousWriteAsync(ct);
        var db = op.Db;
        var now = clock.GetUtcNow().UtcDateTime;
        var ended = await db.Memberships.IgnoreQueryFilters([AppDbContext.ActiveMembershipFilter])
            .Include(m => m.Organization)
            .Where(m => m.EndsAt != null && m.EndsAt <= now)
            .Join(db.Users, m => m.AccountId, u => u.Id, (m, u) => new { Membership = m, u.Email })
            .ToListAsync(ct);
        if (ended.Count == 0) return 0;

        foreach (var e in ended)
        {
            audit.MembershipEnded(db, e.Membership, e.Membership.Organization!, e.Email ?? "");
            db.Memberships.Remove(e.Membership);
        }
        await op.CommitAsync(ct);
        logger.LogInformation("Ended {Count} memberships past their end date", ended.Count);
        return ended.Count;
    }
}

/// <summary>Runs <see cref="MembershipExpiry"/> once a minute; the ending itself never waits for it.</summary>
public sealed class MembershipExpiryJob(IServiceScopeFactory scopes, ILogger<MembershipExpiryJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // One instance at a time across the fleet; another one running it now means this turn is done.
                var expiry = scope.ServiceProvider.GetRequiredService<MembershipExpiry>();
                await scope.ServiceProvider.GetRequiredService<IExclusiveJobs>()
                    .TryRunAsync(nameof(MembershipExpiryJob), ct => expiry.EndExpiredAsync(ct), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; access has ended at the set time regardless.
                logger.LogError(e, "Ending expired memberships failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
