using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DeviceConsole.Data.Postgres;

/// <summary>
/// A3 on PostgreSQL: the first statement of every transaction takes the write lock, as SQLite's
/// BEGIN IMMEDIATE does. A context the write seam limited to some customer trees locks only those
/// (writes in other trees go on); any other transaction locks the whole fleet.
/// </summary>
public sealed class WriteLockInterceptor : DbTransactionInterceptor
{
    /// <summary>Called by the write seam before it begins the transaction of <paramref name="db"/>; holds for that one transaction.</summary>
    public static void LimitToTrees(DbContext db, IReadOnlyList<int> rootIds)
    {
        if (db is PostgresDbContext postgres)
            postgres.WriteTrees = rootIds;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await LockAsync(connection, eventData, result, cancellationToken);
        return result;
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        LockAsync(connection, eventData, result, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    private static Task LockAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction transaction, CancellationToken ct)
    {
        if (eventData.Context is not PostgresDbContext { WriteTrees: { } roots } postgres)
            return AdvisoryLocks.LockFleetAsync(connection, transaction, ct);
        // Consumed here: a later transaction of this (pooled) context locks the fleet unless the seam says otherwise.
        postgres.WriteTrees = null;
        return AdvisoryLocks.LockTreesAsync(connection, transaction, roots, ct);
    }
}
