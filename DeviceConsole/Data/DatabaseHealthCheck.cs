using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeviceConsole.Data;

/// <summary>
/// /health for operators: healthy when the database answers a query on the schema. The answer
/// carries no data, only "Healthy" or "Unhealthy" (the reason goes to the log).
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> dbFactory, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // A real table, not just a connection: SQLite opens (and creates) any file it is given.
            await db.Organizations.AsNoTracking().Select(o => o.Id).FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Health check: the database did not answer.");
            return HealthCheckResult.Unhealthy();
        }
    }
}
