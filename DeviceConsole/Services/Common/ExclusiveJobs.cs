using System.Collections.Concurrent;
using DeviceConsole.Data;
using DeviceConsole.Data.Postgres;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Common;

/// <summary>
/// Background work that must run once at a time across every console instance (expiring
/// invitations, ending time-boxed memberships): a job that finds another instance already running
/// it skips this turn instead of waiting.
/// </summary>
public interface IExclusiveJobs
{
    /// <returns>False when another instance (or another call here) is running the job now.</returns>
    Task<bool> TryRunAsync(string job, Func<CancellationToken, Task> work, CancellationToken ct = default);
}

/// <summary>
/// SQLite: the console is one instance on one host (WAL works for one host only), so a lock in
/// this process is the database-wide lock.
/// </summary>
public sealed class InProcessExclusiveJobs : IExclusiveJobs
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new();

    public async Task<bool> TryRunAsync(string job, Func<CancellationToken, Task> work, CancellationToken ct = default)
    {
        var gate = _running.GetOrAdd(job, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, ct))
            return false;
        try
        {
            await work(ct);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}

public static class ExclusiveJobsRegistration
{
    public static IServiceCollection AddExclusiveJobs(this IServiceCollection services) =>
        services.AddSingleton<IExclusiveJobs>(sp => sp.GetRequiredService<DatabaseInfo>().IsPostgres
            ? new PostgresExclusiveJobs(ConnectionStringOf(sp.GetRequiredService<IDbContextFactory<AppDbContext>>()))
            : new InProcessExclusiveJobs());

    private static string ConnectionStringOf(IDbContextFactory<AppDbContext> factory)
    {
        using var db = factory.CreateDbContext();
        return db.Database.GetConnectionString()!;
    }
}
