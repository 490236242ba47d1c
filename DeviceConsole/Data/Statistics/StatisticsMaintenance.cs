using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Statistics;

/// <summary>
/// Keeps SQLite's planner statistics current while the console runs: PRAGMA optimize shortly
/// after start-up and then every few hours, as SQLite recommends for long-lived applications.
/// </summary>
public sealed class StatisticsMaintenance(IDbContextFactory<AppDbContext> dbFactory, ILogger<StatisticsMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                await SqliteStatistics.OptimizeAsync(db, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Statistics are an optimisation: a busy or missing database must not stop the console.
                logger.LogWarning(e, "Refreshing the query planner statistics failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
