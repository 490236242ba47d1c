using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Data.Statistics;

/// <summary>
/// SQLite's query planner statistics. Plans for subtree pages and searches depend on them, so the
/// console refreshes them after bulk loads (a full ANALYZE) and periodically (PRAGMA optimize,
/// which re-analyzes only tables whose statistics have drifted).
/// </summary>
public static class SqliteStatistics
{
    public static async Task RefreshAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE; PRAGMA optimize;";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The cheap periodic refresh: a no-op when nothing changed much (SQLite's recommendation for long-lived apps).</summary>
    public static Task OptimizeAsync(AppDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", ct);
}
