using System.Data.Common;

namespace DeviceConsole.Data.Postgres;

/// <summary>
/// The console's PostgreSQL advisory lock keys, two 32-bit halves: a space per purpose, then the
/// object. Transaction-scoped locks end with their transaction, so no path can leave one behind.
/// </summary>
public static class AdvisoryLocks
{
    // "DC" in the high bytes keeps the console's keys apart from any other user of the database.
    private const int FleetSpace = 0x44430000;
    private const int TreeSpace = 0x44430001;
    public const int JobSpace = 0x44430002;

    /// <summary>Waits for the whole fleet: every other writer finishes first, none starts meanwhile.</summary>
    public static Task LockFleetAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        ExecuteAsync(connection, transaction, $"{BoundedWait} SELECT pg_advisory_xact_lock({FleetSpace}, 0);", ct);

    // A writer waits this long at most, then fails with 55P03, which the write seam retries a few times.
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);
    private static readonly string BoundedWait = $"SET LOCAL lock_timeout = '{(int)LockTimeout.TotalMilliseconds}ms';";

    /// <summary>
    /// Waits for the given customer trees only: a shared hold on the fleet key (so fleet-wide
    /// writers still exclude everyone), then each tree's key in ascending order, so two writers
    /// spanning the same trees can never deadlock.
    /// </summary>
    public static Task LockTreesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<int> rootIds, CancellationToken ct)
    {
        // One statement per lock, run in this order in one round trip.
        var statements = rootIds.Distinct().Order().Select(id => $"SELECT pg_advisory_xact_lock({TreeSpace}, {id});");
        return ExecuteAsync(connection, transaction,
            $"{BoundedWait} SELECT pg_advisory_xact_lock_shared({FleetSpace}, 0); {string.Join(" ", statements)}", ct);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
