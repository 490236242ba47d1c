using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeviceConsole.Data;

/// <summary>
/// /health for operators: healthy only when the database takes a write, committed (a full disk,
/// a read-only file or a writer holding the lock for seconds all answer 503, not only a database
/// that cannot be read). The answer carries no data, only "Healthy" or "Unhealthy"; the reason
/// goes to the log.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    /// <summary>Longer than any healthy write waits for the lock; short enough for a load balancer.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Database.SetCommandTimeout(WriteTimeout);
            var now = clock.GetUtcNow().UtcDateTime;
            // The migration's one row, rewritten in its own statement (so the timeout bounds the wait for the write lock):
            // SQLite opens (and creates) any file it is given, so only a committed write proves the store.
            var written = await db.HealthProbes.Where(p => p.Id == HealthProbe.RowId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.CheckedAt, now), cancellationToken);
            if (written == 1)
                return HealthCheckResult.Healthy();
            logger.LogError("Health check: the probe row is missing; the schema is not the console's.");
            return HealthCheckResult.Unhealthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Health check: the database did not take a write.");
            return HealthCheckResult.Unhealthy();
        }
    }
}
