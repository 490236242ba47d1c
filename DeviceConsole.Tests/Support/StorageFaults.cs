using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DeviceConsole.Tests.Support;

/// <summary>
/// Counts every SQL command and every commit of the harness's contexts, and when armed fails the
/// n-th as a full disk would (SQLITE_FULL), so a test can fail each step of a write in turn.
/// </summary>
public sealed class StorageFaults : DbCommandInterceptor, IDbTransactionInterceptor
{
    private int _failAt;
    public int Steps { get; private set; }

    /// <summary>Counts from now; step <paramref name="failAt"/> fails (0: none fails).</summary>
    public void Arm(int failAt)
    {
        Steps = 0;
        _failAt = failAt;
    }

    public void Disarm() => _failAt = 0;

    private void Step()
    {
        Steps++;
        if (_failAt > 0 && Steps == _failAt)
        {
            _failAt = 0;
            throw new SqliteException("database or disk is full", 13);
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Step();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Step();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Step();
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Step();
        return ValueTask.FromResult(result);
    }
}
