using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Statistics;

/// <summary>
/// Keeps the query planner's statistics current while the console runs, shortly after start-up
/// and then every few hours: SQLite's PRAGMA optimize, as SQLite recommends for long-lived
/// applications; on PostgreSQL an ANALYZE (beside autovacuum's), by one instance at a time.
/// </summary>
public sealed class StatisticsMaintenance(IDbContextFactory<AppDbContext> dbFactory, IExclusiveJobs jobs,
    ILogger<StatisticsMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await jobs.TryRunAsync(nameof(StatisticsMaintenance), RefreshAsync, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Statistics are an optimisation: a busy or missing database must not stop the console.
                logger.LogWarning(e, "Refreshing the query planner statistics failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("ANALYZE;", ct);
        else
            await SqliteStatistics.OptimizeAsync(db, ct);
    }
}
