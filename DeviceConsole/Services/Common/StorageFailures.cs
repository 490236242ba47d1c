using DeviceConsole.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeviceConsole.Services.Common;

/// <summary>The change could not reach the disk; the transaction is rolled back, so nothing changed.</summary>
public sealed class StorageFailureException(Exception inner)
    : DomainException("The change could not be saved; nothing was changed. Try again in a moment.", inner)
{
}

/// <summary>
/// Turns the database's "cannot write now" answers (disk full, read-only file, busy or locked,
/// I/O error) into <see cref="StorageFailureException"/>, so a dialog shows it like any refusal
/// and the circuit stays alive. Everything else is a bug and is left to propagate.
/// </summary>
public static class StorageFailures
{
    // SQLite primary result codes: BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN.
    private static readonly HashSet<int> SqliteCodes = [5, 6, 8, 10, 11, 13, 14];

    // PostgreSQL: read-only transaction, lock not available (lock_timeout), terminated session,
    // crash shutdown; full disks, serialization failures and deadlocks are Npgsql's transient errors.
    private static readonly HashSet<string> PostgresStates = ["25006", "55P03", "57P01", "57P02"];

    public static bool IsStorageFailure(Exception e) => e switch
    {
        StorageFailureException => true,
        SqliteException sqlite => SqliteCodes.Contains(sqlite.SqliteErrorCode),
        PostgresException postgres => postgres.IsTransient || PostgresStates.Contains(postgres.SqlState) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.IO.IOException or System.Net.Sockets.SocketException,
        DbUpdateException { InnerException: { } inner } => IsStorageFailure(inner),
        InvalidOperationException { InnerException: { } inner } => IsStorageFailure(inner),
        _ => false,
    };

    public static async Task TranslateAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw new StorageFailureException(e);
        }
    }

    public static async Task<T> TranslateAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw new StorageFailureException(e);
        }
    }
}
