using DeviceConsole.Data;
using DeviceConsole.Data.Postgres;
using DeviceConsole.Services.Access;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeviceConsole.Services.Common;

/// <summary>
/// The one way a service opens a unit of work. A write creates the context, begins the
/// transaction (<c>BEGIN IMMEDIATE</c> on SQLite, an advisory lock per customer tree or for the
/// whole fleet on PostgreSQL, so writers are serialized) and only then loads
/// the actor's view, so every check reads the state it commits against (A3). A read loads a fresh
/// view in its own context (S3). Storage failures become one message that says nothing was saved.
/// </summary>
public sealed class Operations(IDbContextFactory<AppDbContext> dbFactory, AccessService access)
{
    /// <summary>A write on behalf of the signed-in account, across the whole fleet.</summary>
    public Task<WriteOperation> BeginWriteAsync(CancellationToken ct = default) => BeginWriteAsync(WriteScope.Fleet, ct);

    /// <summary>A write on behalf of the signed-in account in the trees of <paramref name="scope"/> (A3).</summary>
    public async Task<WriteOperation> BeginWriteAsync(WriteScope scope, CancellationToken ct = default)
    {
        var operation = await BeginAnonymousWriteAsync(scope, ct);
        try
        {
            operation.View = await access.LoadViewAsync(operation.Db, ct);
            return operation;
        }
        catch
        {
            await operation.DisposeAsync();
            throw;
        }
    }

    /// <summary>A write with no signed-in actor (registration, seeding, system jobs): no view is loaded.</summary>
    public Task<WriteOperation> BeginAnonymousWriteAsync(CancellationToken ct = default) => BeginAnonymousWriteAsync(WriteScope.Fleet, ct);

    /// <summary>
    /// Begins the transaction and, on PostgreSQL, waits for the scope's write lock. Nothing has been
    /// read yet, so a lock timeout or a lost connection is retried a few times, then reported as
    /// "nothing was changed".
    /// </summary>
    public async Task<WriteOperation> BeginAnonymousWriteAsync(WriteScope scope, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                var transaction = await StorageFailures.TranslateAsync(async () =>
                {
                    if (!scope.IsFleet && db.IsPostgres)
                        WriteLockInterceptor.LimitToTrees(db, await scope.RootIdsAsync(db, ct));
                    return await db.Database.BeginTransactionAsync(ct);
                });
                return new WriteOperation(db, transaction);
            }
            // PostgreSQL's waits and dropped connections pass; SQLite's busy timeout already waited, and a full disk stays full.
            catch (StorageFailureException e) when (attempt < BeginAttempts && FromPostgres(e))
            {
                await db.DisposeAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }
    }

    private const int BeginAttempts = 3;

    private static bool FromPostgres(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is NpgsqlException)
                return true;
        return false;
    }

    /// <summary>A read on behalf of the signed-in account, with its view loaded now.</summary>
    public async Task<ReadOperation> BeginReadAsync(CancellationToken ct = default)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            return new ReadOperation(db, await access.LoadViewAsync(db, ct));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read with no signed-in actor (the invitation link page, sign-in helpers).</summary>
    public async Task<ReadOperation> BeginAnonymousReadAsync(CancellationToken ct = default) =>
        new(await dbFactory.CreateDbContextAsync(ct), null);
}
